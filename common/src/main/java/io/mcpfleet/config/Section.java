package io.mcpfleet.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One mapping of services.yml read against the keys it may hold: unknown keys are reported (with a
 * "did you mean") when the section is opened, and each getter returns the value or, after recording
 * a problem, the default, so that one pass finds every problem.
 */
final class Section {

    private final YNode.Mapping mapping;
    private final Position anchor;
    private final Values values;
    private final List<String> known;

    /**
     * @param anchor        where a missing key is reported: the key that holds this mapping
     * @param ignoredPrefix keys starting with it are allowed and ignored ({@code x-} at the top), or null
     */
    Section(YNode.Mapping mapping, Position anchor, Values values, List<String> known, String ignoredPrefix) {
        this.mapping = mapping;
        this.anchor = anchor;
        this.values = values;
        this.known = known;
        for (YNode.Entry entry : mapping.entries().values()) {
            String key = entry.key();
            if (!known.contains(key) && (ignoredPrefix == null || !key.startsWith(ignoredPrefix))) {
                String hint = Suggestions.closest(key, known)
                        .map(s -> "did you mean `" + s + "`?")
                        .orElse("expected one of " + String.join(", ", known));
                values.problems().add(entry.keyPosition(), entry.value().path(), "unknown key; " + hint);
            }
        }
    }

    Section(YNode.Mapping mapping, Position anchor, Values values, List<String> known) {
        this(mapping, anchor, values, known, null);
    }

    String path() {
        return mapping.path();
    }

    Position anchor() {
        return anchor;
    }

    Values values() {
        return values;
    }

    Optional<YNode> node(String key) {
        return entry(key).map(YNode.Entry::value);
    }

    Optional<YNode.Entry> entry(String key) {
        if (!known.contains(key)) {
            throw new IllegalStateException(key + " is read but not declared among " + known);
        }
        return Optional.ofNullable(mapping.entries().get(key));
    }

    boolean has(String key) {
        return entry(key).isPresent();
    }

    /** A nested section, or empty when absent or not a mapping (the latter recorded). */
    Optional<Section> section(String key, List<String> nestedKeys) {
        return entry(key).flatMap(entry -> values.mapping(entry.value())
                .map(m -> new Section(m, entry.keyPosition(), values, nestedKeys)));
    }

    Optional<String> string(String key) {
        return node(key).flatMap(n -> {
            Optional<String> text = values.text(n);
            if (text.isPresent() && text.get().isBlank()) {
                values.problems().add(n, "must not be empty");
                return Optional.empty();
            }
            return text;
        });
    }

    int integer(String key, int fallback, int min, int max) {
        return node(key).flatMap(n -> values.whole(n).filter(v -> {
            if (v >= min && v <= max) {
                return true;
            }
            values.problems().add(n, max == Integer.MAX_VALUE
                    ? "must be at least " + min + ", got " + v
                    : "must be between " + min + " and " + max + ", got " + v);
            return false;
        })).map(Long::intValue).orElse(fallback);
    }

    /** @param rule what {@code valid} demands, e.g. "must be greater than 0" */
    double decimal(String key, double fallback, DoublePredicate valid, String rule) {
        return node(key).flatMap(n -> values.decimal(n).filter(v -> {
            if (valid.test(v)) {
                return true;
            }
            values.problems().add(n, rule + ", got " + n.describe());
            return false;
        })).orElse(fallback);
    }

    boolean bool(String key, boolean fallback) {
        return node(key).flatMap(values::bool).orElse(fallback);
    }

    Duration duration(String key, Duration fallback) {
        return node(key).flatMap(values::duration).orElse(fallback);
    }

    <E extends Enum<E>> E choice(String key, E fallback) {
        return node(key).flatMap(n -> values.choice(n, fallback.getDeclaringClass())).orElse(fallback);
    }

    List<String> strings(String key, String example) {
        return node(key).flatMap(n -> values.strings(n, example)).orElse(List.of());
    }

    /** A list of strings each of which must pass {@code valid}; a failing item is reported where it stands and dropped. */
    List<String> strings(String key, String example, Predicate<String> valid, String rule) {
        List<String> strings = strings(key, example);
        if (!(node(key).orElse(null) instanceof YNode.Sequence sequence) || strings.size() != sequence.items().size()) {
            return strings;
        }
        List<String> passed = new ArrayList<>();
        for (int i = 0; i < strings.size(); i++) {
            if (valid.test(strings.get(i))) {
                passed.add(strings.get(i));
            } else {
                YNode item = sequence.items().get(i);
                values.problems().add(item, item.describe() + " " + rule);
            }
        }
        return passed;
    }

    Map<String, String> stringMap(String key) {
        return node(key).flatMap(values::stringMap).orElse(Map.of());
    }

    /** The key's value as messages show it (quoted, long values cut). */
    String describe(String key) {
        return node(key).map(YNode::describe).orElse("nothing");
    }

    /** Records a problem at the key's value, or at this section when the key is absent. */
    void problem(String key, String message) {
        Optional<YNode> node = mapping.entries().containsKey(key) ? node(key) : Optional.empty();
        values.problems().add(node.map(YNode::position).orElse(anchor), YNode.child(path(), key), message);
    }

    /** A record built from checked values; should its constructor still refuse, the refusal becomes a problem here. */
    <T> T build(Supplier<T> constructor, T fallback) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException refused) {
            values.problems().add(anchor, path(), String.valueOf(refused.getMessage()));
            return fallback;
        }
    }
}
