package io.mcpfleet.router.catalog;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The whole catalog at one moment: tools sorted by exposed name, and a lookup by name. Immutable. */
public final class CatalogSnapshot {

    static final CatalogSnapshot EMPTY = new CatalogSnapshot(List.of());

    private final ToolEntry[] tools;
    private final Map<String, ToolEntry> byName;

    CatalogSnapshot(List<ToolEntry> entries) {
        this.tools = entries.toArray(ToolEntry[]::new);
        Arrays.sort(tools, Comparator.comparing(ToolEntry::exposedName));
        this.byName = new HashMap<>(tools.length * 2);
        for (ToolEntry t : tools) {
            byName.put(t.exposedName(), t);
        }
    }

    public ToolEntry find(String exposedName) {
        return exposedName == null ? null : byName.get(exposedName);
    }

    public int size() {
        return tools.length;
    }

    public ToolEntry get(int index) {
        return tools[index];
    }

    /** The index of the first tool whose name sorts after {@code name}. */
    public int indexAfter(String name) {
        int lo = 0;
        int hi = tools.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tools[mid].exposedName().compareTo(name) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether both list the same tools with the same definitions. */
    boolean sameAs(CatalogSnapshot other) {
        if (other.tools.length != tools.length) {
            return false;
        }
        for (int i = 0; i < tools.length; i++) {
            if (!tools[i].exposedName().equals(other.tools[i].exposedName())
                    || !Arrays.equals(tools[i].json(), other.tools[i].json())) {
                return false;
            }
        }
        return true;
    }
}
