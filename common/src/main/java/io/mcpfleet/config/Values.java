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
import java.util.stream.Collectors;

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
        if (node instanceof YNode.Scalar scalar && !scalar.isNull()) {
            return Optional.of(scalar.text());
        }
        return wrongType(node, "a string");
    }

    Optional<Long> whole(YNode node) {
        Optional<String> text = text(node, "a whole number");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get().trim();
        if (WHOLE.matcher(t).matches()) {
            try {
                return Optional.of(Long.parseLong(t));
            } catch (NumberFormatException tooLong) {
                problems.add(node, t + " is too large");
                return Optional.empty();
            }
        }
        problems.add(node, "expected a whole number, got " + node.describe());
        return Optional.empty();
    }

    Optional<Double> decimal(YNode node) {
        Optional<String> text = text(node, "a number");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get().trim();
        if (DECIMAL.matcher(t).matches() && Double.isFinite(Double.parseDouble(t))) {
            return Optional.of(Double.parseDouble(t));
        }
        problems.add(node, "expected a number, got " + node.describe());
        return Optional.empty();
    }

    Optional<Boolean> bool(YNode node) {
        Optional<String> text = text(node, "true or false");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        switch (text.get()) {
            case "true", "True", "TRUE":
                return Optional.of(true);
            case "false", "False", "FALSE":
                return Optional.of(false);
            default:
                if (YAML11_BOOLEAN.matcher(text.get()).matches()) {
                    problems.add(node, node.describe() + " is not a boolean here; write true or false"
                            + " (YAML 1.1 read yes/no/on/off as booleans, which surprised too many people)");
                } else {
                    problems.add(node, "expected true or false, got " + node.describe());
                }
                return Optional.empty();
        }
    }

    /** A positive duration: every duration in services.yml is a timeout, an interval or a window. */
    Optional<Duration> duration(YNode node) {
        Optional<String> text = text(node, "a duration");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().trim().startsWith("-")) {
            problems.add(node, "must be a positive duration, got " + node.describe());
            return Optional.empty();
        }
        Optional<Duration> duration = DurationParser.parse(text.get());
        if (duration.isEmpty()) {
            problems.add(node, node.describe() + " is not a duration (" + DurationParser.EXAMPLES + "; at most 365d)");
        } else if (duration.get().isZero()) {
            problems.add(node, "must be longer than 0");
            return Optional.empty();
        }
        return duration;
    }

    /** One of an enum's constants, written in lower case ({@code least_connections}); dashes and case are forgiven. */
    <E extends Enum<E>> Optional<E> choice(YNode node, Class<E> type) {
        Optional<String> text = text(node, "one of " + names(type));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String wanted = Suggestions.normalize(text.get().trim());
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(constant);
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        String hint = Suggestions.closest(text.get(), names).map(s -> "; did you mean `" + s + "`?").orElse("");
        problems.add(node, node.describe() + " is not one of " + String.join(", ", names) + hint);
        return Optional.empty();
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
        if (node instanceof YNode.Scalar scalar && scalar.isNull()) {
            problems.add(node, "has no value; expected " + expected + " (or leave the key out)");
        } else {
            problems.add(node, "expected " + expected + ", got " + node.describe());
        }
        return Optional.empty();
    }

    private static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
