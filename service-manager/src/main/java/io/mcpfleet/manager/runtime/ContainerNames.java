package io.mcpfleet.manager.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names of the containers this runtime has seen, so that errors about an id read
 * "cannot stop container fleet-foo-1 (3f2a1b4c5d6e)" rather than a bare 64-digit id.
 */
final class ContainerNames {

    // Containers removed behind our back leave entries; the bound keeps that from growing forever.
    private static final int MAX_ENTRIES = 4096;

    private final Map<String, String> names = new ConcurrentHashMap<>();

    void remember(String id, String name) {
        if (id == null || name == null) {
            return;
        }
        if (names.size() >= MAX_ENTRIES) {
            names.clear();
        }
        names.put(id, name.startsWith("/") ? name.substring(1) : name);
    }

    void forget(String id) {
        names.remove(id);
    }

    /** "name (short id)" when the name is known, else the id as given. */
    String describe(String id) {
        String name = names.get(id);
        if (name == null) {
            return id;
        }
        return name + " (" + shortId(id) + ")";
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
