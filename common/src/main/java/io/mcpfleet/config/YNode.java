package io.mcpfleet.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML tree as the binders read it: variables already expanded, merge keys applied, and every
 * node knowing its position and its dotted path for problems. Values keep their source text, so
 * YAML 1.1 never turns {@code NO} or {@code 0755} into something else behind the operator's back.
 */
sealed interface YNode permits YNode.Scalar, YNode.Sequence, YNode.Mapping {

    Position position();

    /** The dotted key path, e.g. {@code services.foo.command[1]}. */
    String path();

    /** What the node is, for "expected X, got Y" messages. */
    String describe();

    /**
     * A scalar.
     *
     * @param text   the value after {@code ${VAR}} expansion
     * @param plain  written without quotes (only plain scalars can be null, booleans or numbers in JSON passthrough)
     * @param isNull a plain {@code ~}, {@code null} or nothing at all
     */
    record Scalar(String text, boolean plain, boolean isNull, Position position, String path) implements YNode {
        /** Long values are cut, so that one pasted blob does not drown the message. */
        private static final int SHOWN = 60;

        @Override
        public String describe() {
            if (isNull) {
                return "nothing";
            }
            return '"' + (text.length() > SHOWN ? text.substring(0, SHOWN - 3) + "..." : text) + '"';
        }
    }

    record Sequence(List<YNode> items, Position position, String path) implements YNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A mapping in file order; {@code entries} is keyed by the key text. */
    record Mapping(Map<String, Entry> entries, Position position, String path) implements YNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A key and its value; the key's own position is where unknown or misplaced keys are reported. */
    record Entry(String key, Position keyPosition, YNode value) {
    }

    /** The path of a child key: {@code services} + {@code foo} = {@code services.foo}. */
    static String child(String path, String key) {
        return path.isEmpty() ? key : path + '.' + key;
    }
}
