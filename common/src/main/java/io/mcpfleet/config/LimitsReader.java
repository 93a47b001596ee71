package io.mcpfleet.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** The container's limits and isolation: {@code resources}, {@code replicas}, {@code hardening}, {@code network}. */
final class LimitsReader {

    static final List<String> RESOURCES = List.of("memory", "cpu");
    static final List<String> REPLICAS = List.of("min", "max");
    static final List<String> HARDENING = List.of("no_new_privileges", "read_only", "cap_drop", "cap_add", "user",
            "tmpfs", "pids_limit");
    static final List<String> NETWORK = List.of("egress");
    static final List<String> PLACEMENT = List.of("constraints", "preferences");
    /** A Swarm constraint: an attribute, == or !=, a value (e.g. node.labels.zone==east). */
    private static final Pattern CONSTRAINT = Pattern.compile("[A-Za-z][\\w.-]*\\s*(==|!=)\\s*\\S.*");

    /** Docker refuses CPU limits below a hundredth of a core. */
    static final double MIN_CPUS = 0.01;
    static final double MAX_CPUS = 64;

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern MILLICORES = Pattern.compile("(\\d+)m");
    private static final Pattern CORES = Pattern.compile("\\d+(?:\\.\\d+)?|\\.\\d+");
    private static final Pattern CAPABILITY = Pattern.compile("(?i)(?:CAP_)?[A-Z][A-Z0-9_]*");

    private LimitsReader() {
    }

    static Resources resources(Section service) {
        return service.section("resources", RESOURCES).map(s -> {
            long memory = s.node("memory").map(n -> memory(n, s.values())).orElse(0L);
            long nanoCpus = s.node("cpu").map(n -> nanoCpus(n, s.values())).orElse(0L);
            return s.build(() -> new Resources(memory, nanoCpus), Resources.UNLIMITED);
        }).orElse(Resources.UNLIMITED);
    }

    static Replicas replicas(Section service) {
        return service.section("replicas", REPLICAS).map(s -> {
            int min = s.integer("min", Replicas.DEFAULT.min(), 0, Replicas.CEILING);
            int max = s.integer("max", Replicas.DEFAULT_MAX, 1, Replicas.CEILING);
            if (min > max) {
                s.problem("min", "min (" + min + ") is greater than max (" + max
                        + (s.has("max") ? ")" : ", the default when max is not set)"));
                return Replicas.DEFAULT;
            }
            return s.build(() -> new Replicas(min, max), Replicas.DEFAULT);
        }).orElse(Replicas.DEFAULT);
    }

    static Hardening hardening(Section service) {
        return service.section("hardening", HARDENING).map(s -> {
            Hardening d = Hardening.DEFAULT;
            String rule = "is not a capability name (e.g. NET_BIND_SERVICE, or ALL)";
            List<String> capDrop = s.strings("cap_drop", "[ALL]", c -> CAPABILITY.matcher(c).matches(), rule);
            List<String> capAdd = s.strings("cap_add", "[NET_BIND_SERVICE]", c -> CAPABILITY.matcher(c).matches(), rule);
            List<String> tmpfs = s.strings("tmpfs", "[/tmp]", p -> p.startsWith("/"), "is not an absolute path");
            String user = s.string("user").orElse(d.user());
            long pidsLimit = s.integer("pids_limit", (int) d.pidsLimit(), 1, Integer.MAX_VALUE);
            boolean noNewPrivileges = s.bool("no_new_privileges", d.noNewPrivileges());
            boolean readOnly = s.bool("read_only", d.readOnly());
            return s.build(() -> new Hardening(noNewPrivileges, readOnly, capDrop, capAdd, user, tmpfs, pidsLimit), d);
        }).orElse(Hardening.DEFAULT);
    }

    static NetworkAccess network(Section service) {
        return service.section("network", NETWORK)
                .map(s -> new NetworkAccess(s.bool("egress", NetworkAccess.DEFAULT.egress())))
                .orElse(NetworkAccess.DEFAULT);
    }

    static Placement placement(Section service) {
        return service.section("placement", PLACEMENT).map(s -> {
            List<String> constraints = s.strings("constraints", "[node.labels.zone==east]",
                    c -> CONSTRAINT.matcher(c.strip()).matches(),
                    "is not a placement constraint (an attribute, == or !=, a value: node.labels.zone==east)");
            if (s.has("preferences")) {
                s.problem("preferences", "is not supported: each instance is a Swarm service of one task, and Swarm "
                        + "spreads by preference only among the tasks of one service, so a preference would place "
                        + "nothing differently; pin instances with constraints (and node labels) instead");
            }
            return s.build(() -> new Placement(constraints.stream().map(String::strip).toList()), Placement.NONE);
        }).orElse(Placement.NONE);
    }

    private static long memory(YNode node, Values values) {
        Optional<String> text = values.text(node);
        if (text.isEmpty()) {
            return 0;
        }
        OptionalLong bytes = Sizes.parseBytes(text.get());
        if (bytes.isEmpty()) {
            values.problems().add(node, node.describe() + " is not a size (" + Sizes.EXAMPLES + ")");
            return 0;
        }
        if (bytes.getAsLong() == 0) {
            values.problems().add(node, "must be greater than 0 (leave memory out for no limit)");
            return 0;
        }
        if (bytes.getAsLong() < Resources.MIN_MEMORY_BYTES) {
            String hint = DIGITS.matcher(text.get().trim()).matches()
                    ? "; a number without a unit is bytes: did you mean " + text.get().trim() + "MB?" : "";
            values.problems().add(node, Sizes.format(bytes.getAsLong()) + " is below Docker's minimum of "
                    + Sizes.format(Resources.MIN_MEMORY_BYTES) + hint);
            return 0;
        }
        return bytes.getAsLong();
    }

    /** Cores as a number or string ({@code 0.25}, {@code "0.25"}) or Kubernetes-style millicores ({@code 250m}). */
    private static long nanoCpus(YNode node, Values values) {
        Optional<String> text = values.text(node);
        if (text.isEmpty()) {
            return 0;
        }
        String t = text.get().trim();
        BigDecimal cores;
        if (MILLICORES.matcher(t).matches()) {
            cores = new BigDecimal(t.substring(0, t.length() - 1)).movePointLeft(3);
        } else if (CORES.matcher(t).matches()) {
            cores = new BigDecimal(t);
        } else {
            String why = t.startsWith("-") ? "must be greater than 0" : "is not a number of CPU cores";
            values.problems().add(node, node.describe() + " " + why + " (use e.g. 0.25, \"0.5\", 2 or 500m)");
            return 0;
        }
        if (cores.signum() == 0) {
            values.problems().add(node, "must be greater than 0 (leave cpu out for no limit)");
        } else if (cores.doubleValue() < MIN_CPUS) {
            values.problems().add(node, node.describe() + " is below Docker's minimum of " + MIN_CPUS + " cores");
        } else if (cores.doubleValue() > MAX_CPUS) {
            values.problems().add(node, node.describe() + " is more than " + (int) MAX_CPUS + " cores");
        } else {
            return cores.movePointRight(9).longValue();
        }
        return 0;
    }
}
