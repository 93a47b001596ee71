package io.mcpfleet.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed reading of single values. Each method either returns the value or records why it cannot and
 * returns empty, so that reading goes on and every problem of the file is found in one pass.
 * Quoting does not matter ({@code port: "8000"} is a port), because a value that came from
 * {@code ${PORT:-8000}} is a string to YAML whatever it holds.
 */
final class Values {

    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");
    /** What YAML 1.1 reads as booleans but YAML 1.2 (and most people) do not. */
    private static final Pattern YAML11_BOOLEAN = Pattern.compile("(?i)y|n|yes|no|on|off");

    private final Problems problems;

    Values(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** Any non-null scalar, as its text. */
    Optional<String> text(YNode node) {
        return text(node, "a string");
    }

    Optional<Long> whole(YNode node) {
        return text(node, "a whole number").map(String::trim).flatMap(t -> {
            if (!WHOLE.matcher(t).matches()) {
                return complain(node, "expected a whole number, got " + node.describe());
            }
            try {
                return Optional.of(Long.parseLong(t));
            } catch (NumberFormatException tooLong) {
                return complain(node, node.describe() + " is too large");
            }
        });
    }

    Optional<Double> decimal(YNode node) {
        return text(node, "a number").map(String::trim).flatMap(t ->
                DECIMAL.matcher(t).matches() && Double.isFinite(Double.parseDouble(t))
                        ? Optional.of(Double.parseDouble(t))
                        : complain(node, "expected a number, got " + node.describe()));
    }

    Optional<Boolean> bool(YNode node) {
        return text(node, "true or false").flatMap(t -> switch (t) {
            case "true", "True", "TRUE" -> Optional.of(true);
            case "false", "False", "FALSE" -> Optional.of(false);
            default -> complain(node, YAML11_BOOLEAN.matcher(t).matches()
                    ? node.describe() + " is not a boolean here; write true or false"
                            + " (YAML 1.1 read yes/no/on/off as booleans, which surprised too many people)"
                    : "expected true or false, got " + node.describe());
        });
    }

    /** A positive duration: every duration in services.yml is a timeout, an interval or a window. */
    Optional<Duration> duration(YNode node) {
        return text(node, "a duration").flatMap(t -> {
            if (t.trim().startsWith("-")) {
                return complain(node, "must be a positive duration, got " + node.describe());
            }
            Optional<Duration> duration = DurationParser.parse(t);
            if (duration.isEmpty()) {
                return complain(node, node.describe() + " is not a duration (" + DurationParser.EXAMPLES + "; at most 365d)");
            }
            return duration.get().isZero() ? complain(node, "must be longer than 0") : duration;
        });
    }

    /** One of an enum's constants, written in lower case ({@code least_connections}); dashes and case are forgiven. */
    <E extends Enum<E>> Optional<E> choice(YNode node, Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return text(node, "one of " + String.join(", ", names)).flatMap(t -> {
            String wanted = Suggestions.normalize(t.trim());
            for (E constant : type.getEnumConstants()) {
                if (constant.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                    return Optional.of(constant);
                }
            }
            String hint = Suggestions.closest(t, names).map(s -> "; did you mean `" + s + "`?").orElse("");
            return complain(node, node.describe() + " is not one of " + String.join(", ", names) + hint);
        });
    }

    /** A list of scalars; {@code example} shows the expected shape when a single string was given. */
    Optional<List<String>> strings(YNode node, String example) {
        if (!(node instanceof YNode.Sequence sequence)) {
            problems.add(node, "expected a list of strings, e.g. " + example + ", got " + node.describe());
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (YNode item : sequence.items()) {
            Optional<String> text = text(item);
            ok &= text.isPresent();
            text.ifPresent(out::add);
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    /** A mapping of names to scalars, in file order. Null values are refused: {@code KEY:} is nearly always a slip. */
    Optional<Map<String, String>> stringMap(YNode node) {
        if (!(node instanceof YNode.Mapping mapping)) {
            problems.add(node, "expected a mapping of NAME: value, got " + node.describe());
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (YNode.Entry entry : mapping.entries().values()) {
            YNode value = entry.value();
            if (value instanceof YNode.Scalar scalar && scalar.isNull()) {
                problems.add(value, "has no value (write \"\" for an empty string)");
                ok = false;
            } else {
                Optional<String> text = text(value);
                ok &= text.isPresent();
                text.ifPresent(t -> out.put(entry.key(), t));
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    Optional<YNode.Mapping> mapping(YNode node) {
        if (node instanceof YNode.Mapping mapping) {
            return Optional.of(mapping);
        }
        return wrongType(node, "a mapping");
    }

    private Optional<String> text(YNode node, String expected) {
        if (node instanceof YNode.Scalar scalar && !scalar.isNull()) {
            return Optional.of(scalar.text());
        }
        return wrongType(node, expected);
    }

    private <T> Optional<T> wrongType(YNode node, String expected) {
        return complain(node, node instanceof YNode.Scalar scalar && scalar.isNull()
                ? "has no value; expected " + expected + " (or leave the key out)"
                : "expected " + expected + ", got " + node.describe());
    }

    private <T> Optional<T> complain(YNode node, String message) {
        problems.add(node, message);
        return Optional.empty();
    }
}
