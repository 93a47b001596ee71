package io.mcpfleet.router.catalog;

import java.util.Set;

/** The notifications by which a server says one of its lists changed: the catalog learns it again. */
public final class ListChanges {

    private static final Set<String> METHODS = Set.of("notifications/tools/list_changed",
            "notifications/prompts/list_changed", "notifications/resources/list_changed");

    private ListChanges() {
    }

    public static boolean isListChanged(String method) {
        return method != null && METHODS.contains(method);
    }
}
