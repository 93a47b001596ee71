package io.mcpfleet.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lays a service over the {@code defaults:} block: mappings merge key by key at every depth, the
 * service's value wins, and anything else (lists included) is replaced whole, never concatenated.
 * Values taken from the defaults keep their own position and path, so a bad default is reported once,
 * where it is written.
 */
final class DefaultsMerger {

    private DefaultsMerger() {
    }

    static YNode.Mapping merge(YNode.Mapping defaults, YNode.Mapping service) {
        Map<String, YNode.Entry> entries = new LinkedHashMap<>(defaults.entries());
        for (YNode.Entry entry : service.entries().values()) {
            YNode.Entry fallback = entries.get(entry.key());
            if (fallback != null && fallback.value() instanceof YNode.Mapping base
                    && entry.value() instanceof YNode.Mapping override) {
                entries.put(entry.key(), new YNode.Entry(entry.key(), entry.keyPosition(), merge(base, override)));
            } else {
                entries.put(entry.key(), entry);
            }
        }
        return new YNode.Mapping(entries, service.position(), service.path());
    }
}
