package io.mcpfleet.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * YAML as JSON-like Java values (maps, lists, strings, numbers, booleans, null), for tool schemas and
 * annotations that the router passes on as they are. Plain scalars are typed by YAML 1.2's core
 * schema, so {@code readOnlyHint: true} is a boolean while {@code enum: [yes, no]} stays strings.
 */
final class JsonValues {

    private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(?:\\.\\d+|\\d+(?:\\.\\d*)?)(?:[eE][-+]?\\d+)?");

    private JsonValues() {
    }

    static Object of(YNode node) {
        if (node instanceof YNode.Mapping mapping) {
            return object(mapping);
        }
        if (node instanceof YNode.Sequence sequence) {
            List<Object> items = new ArrayList<>();
            sequence.items().forEach(item -> items.add(of(item)));
            return Collections.unmodifiableList(items);
        }
        YNode.Scalar scalar = (YNode.Scalar) node;
        if (scalar.isNull()) {
            return null;
        }
        String text = scalar.text();
        if (!scalar.plain()) {
            return text;
        }
        if (BOOLEAN.matcher(text).matches()) {
            return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
        }
        if (INTEGER.matcher(text).matches()) {
            BigInteger value = new BigInteger(text);
            return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
        }
        if (FLOAT.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        return text;
    }

    /** A JSON object; values may be null (JSON Schema's {@code default: null}), so no Map.copyOf. */
    static Map<String, Object> object(YNode.Mapping mapping) {
        Map<String, Object> out = new LinkedHashMap<>();
        mapping.entries().forEach((key, entry) -> out.put(key, of(entry.value())));
        return Collections.unmodifiableMap(out);
    }
}
