package io.mcpfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark suite ({@code bench/run.sh} builds and starts it): runs the scenarios, prints
 * the table, and writes it as Markdown to {@code bench/target/results.md}.
 *
 * <p>Arguments: {@code --smoke} (seconds, for CI),
 * {@code --only=startup,images,overhead,engine,wake,manager-wake,herd,discovery,scale,memory,stdio,swarm,large} ({@code swarm}:
 * wake and scale on {@code fleet.runtime: swarm}; the engine must be a swarm manager),
 * {@code --java=PATH} (runs the product jars), {@code --java-opts="..."} (their JVM options; default none),
 * {@code --launch=jar} (start them with {@code java -jar} instead of their argument files, to compare),
 * {@code --alt-java=PATH} (the router again, for comparison), {@code --repo=PATH}, {@code --fleet=NAME} (this
 * run's fleet name and container label; default {@code bench-<pid>}).
 */
public final class Bench {

    private static final List<String> ALL = List.of("startup", "images", "overhead", "engine", "wake", "manager-wake", "herd",
            "discovery", "scale", "memory", "stdio", "swarm", "large");
    private static final List<String> SMOKE = List.of("startup", "overhead", "engine", "wake", "manager-wake",
            "discovery", "scale", "stdio");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        try {
            checkArguments(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        }
        if (!run(args).passed()) {
            System.exit(1);
        }
    }

    private static final List<String> OPTIONS = List.of("--java", "--alt-java", "--repo", "--only", "--java-opts",
            "--fleet", "--launch");

    /**
     * Refuses what the suite would otherwise ignore: an unknown option or scenario ran everything
     * else for minutes and measured nothing of what was asked.
     *
     * @throws IllegalArgumentException naming the argument and what is accepted
     */
    static void checkArguments(String... args) {
        for (String a : args) {
            if (!a.equals("--smoke") && OPTIONS.stream().noneMatch(o -> a.startsWith(o + "="))) {
                throw new IllegalArgumentException("unknown argument '" + a + "'; accepted: --smoke, "
                        + String.join("=..., ", OPTIONS) + "=...");
            }
        }
        String launch = option(args, "--launch", "args");
        if (!List.of("args", "jar").contains(launch)) {
            throw new IllegalArgumentException("unknown --launch=" + launch + "; args (the default) or jar");
        }
        String only = option(args, "--only", null);
        if (only != null) {
            for (String name : only.split(",")) {
                if (!ALL.contains(name)) {
                    throw new IllegalArgumentException("unknown scenario '" + name + "' in --only; scenarios: "
                            + String.join(",", ALL));
                }
            }
        }
    }

    /**
     * What a run left: whether every scenario ran to its end, and the figures. (The CI smoke test
     * calls this rather than {@link #main}, which exits.)
     *
     * @param passed false when a scenario threw (the table then holds what came before)
     * @param rows   the table's rows, in the order measured
     */
    public record Result(boolean passed, List<Row> rows) {
    }

    /** Runs the suite with {@link #main}'s arguments. */
    public static Result run(String... args) throws Exception {
        checkArguments(args);
        boolean smoke = Arrays.asList(args).contains("--smoke");
        String java = option(args, "--java", "java");
        String alt = option(args, "--alt-java", null);
        Path repo = Path.of(option(args, "--repo", ".")).toAbsolutePath().normalize();
        String only = option(args, "--only", null);
        Set<String> run = new HashSet<>(only == null ? (smoke ? SMOKE : ALL) : Arrays.asList(only.split(",")));

        String options = option(args, "--java-opts", "");
        Setup setup = Setup.create(repo, java, alt != null && !alt.equals(java) ? alt : null,
                options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+")),
                "jar".equals(option(args, "--launch", "args")), smoke, option(args, "--fleet", Setup.defaultFleet()));
        Table table = new Table();
        Footprints footprints = new Footprints(table);
        Host host = new Host();
        long started = System.nanoTime();
        String machine = Host.describe();
        String javaVersion = JavaVersion.of(java) + (setup.javaOptions().isEmpty() ? ""
                : " " + String.join(" ", setup.javaOptions())) + (setup.plainJar() ? " (java -jar)" : "");
        System.out.println("mcp-fleet benchmarks" + (smoke ? " (smoke)" : "") + ": " + machine + "; product jars on "
                + javaVersion + (setup.altJava() != null ? ", router also on " + JavaVersion.of(setup.altJava()) : ""));
        System.out.println("work dir " + setup.work());
        host.noteOthers("other processes at the start");
        int removed = setup.cleanUp();
        if (removed > 0) {
            System.out.println("removed " + removed + " containers left by an earlier run");
        }
        boolean failed = false;
        try {
            if (run.contains("startup")) {
                new StartupScenario(setup, footprints).run();
            }
            if (run.contains("images")) {
                new ImagesScenario(setup, table).run();
            }
            if (run.contains("overhead")) {
                new OverheadScenario(setup, table, footprints).run();
            }
            if (run.contains("engine")) {
                new EngineScenario(setup, table).run();
            }
            if (run.stream().anyMatch(s -> List.of("wake", "manager-wake", "herd", "discovery", "scale", "memory", "stdio")
                    .contains(s))) {
                try (ScenarioFleet fleet = ScenarioFleet.start(setup)) {
                    footprints.rss("manager, after start", fleet.manager);
                    footprints.rss("router, after start", fleet.router);
                    if (run.contains("wake")) {
                        new WakeScenario(fleet, table).run();
                    }
                    if (run.contains("manager-wake")) {
                        new ManagerWakeScenario(fleet, table).run();
                    }
                    if (run.contains("herd")) {
                        new HerdScenario(fleet, table).run();
                    }
                    if (run.contains("discovery")) {
                        new DiscoveryScenario(fleet, table).run();
                    }
                    if (run.contains("scale")) {
                        new ScaleScenario(fleet, table).run();
                    }
                    if (run.contains("memory")) {
                        new MemoryScenario(fleet, table).run();
                    }
                    if (run.contains("stdio")) {
                        new StdioScenario(fleet, table).run();
                    }
                    footprints.rss("manager, after the scenarios", fleet.manager);
                    footprints.rss("router, after the scenarios", fleet.router);
                }
                setup.cleanUp();
            }
            if (run.contains("swarm")) {
                new SwarmScenario(setup, table).run();
            }
            if (run.contains("large")) {
                new LargeFleetScenario(setup, table, footprints).run();
            }
        } catch (Exception | AssertionError e) {
            failed = true;
            System.err.println("the suite failed: " + e);
            e.printStackTrace();
        } finally {
            setup.cleanUp();
            host.noteOthers("other processes at the end");
            host.stop();
        }
        double minutes = (System.nanoTime() - started) / 6e10;
        String header = "Run " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16)
                + " (" + String.format(Locale.ROOT, "%.1f", minutes) + " min" + (smoke ? ", smoke" : "") + ") on "
                + machine + "; product jars on " + javaVersion + "; " + host.loadSummary() + ".";
        System.out.println();
        System.out.println(header);
        System.out.println(table.text());
        host.others().forEach(System.out::println);
        writeMarkdown(setup, header, table, host);
        return new Result(!failed, table.rows());
    }

    private static void writeMarkdown(Setup setup, String header, Table table, Host host) throws IOException {
        StringBuilder md = new StringBuilder(header).append("\n\n").append(table.markdown()).append("\n");
        for (String other : host.others()) {
            md.append("```\n").append(other).append("\n```\n");
        }
        Path out = setup.repo().resolve("bench/target/results" + (setup.smoke() ? "-smoke" : "") + ".md");
        Files.writeString(out, md, StandardCharsets.UTF_8);
        Files.writeString(setup.work().resolve("results.md"), md, StandardCharsets.UTF_8);
        System.out.println("written to " + out);
    }

    private static String option(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
