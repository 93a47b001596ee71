package io.mcpfleet.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

final class Maps {
    private Maps() {
    }

    /** An unmodifiable copy that keeps the source's order (Map.copyOf does not). */
    static <K, V> Map<K, V> copyOrdered(Map<K, V> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
