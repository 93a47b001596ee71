package io.mcpfleet.router.mcp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The {@code notifications} filter of a {@code subscriptions/listen} request, checked: each flag a
 * boolean when present, {@code resourceSubscriptions} an array of distinct URIs (strings) within bounds.
 *
 * @param tools     {@code toolsListChanged}
 * @param prompts   {@code promptsListChanged}
 * @param resources {@code resourcesListChanged}
 * @param uris      {@code resourceSubscriptions}, in the client's order, without repeats
 */
record ListenFilter(boolean tools, boolean prompts, boolean resources, List<String> uris) {

    /** More URIs than any client watches at once; a longer list is refused rather than fanned out to services. */
    static final int MAX_URIS = 256;
    static final int MAX_URI_LENGTH = 4096;

    ListenFilter {
        uris = List.copyOf(uris);
    }

    /**
     * Reads {@code params.notifications} (missing: nothing asked).
     *
     * @throws IllegalArgumentException saying which member is wrong
     */
    static ListenFilter parse(JsonNode filter) {
        if (filter.isMissingNode() || filter.isNull()) {
            return new ListenFilter(false, false, false, List.of());
        }
        if (!filter.isObject()) {
            throw new IllegalArgumentException("subscriptions/listen params.notifications must be an object "
                    + "(toolsListChanged, promptsListChanged, resourcesListChanged, resourceSubscriptions)");
        }
        return new ListenFilter(flag(filter, "toolsListChanged"), flag(filter, "promptsListChanged"),
                flag(filter, "resourcesListChanged"), uris(filter.path("resourceSubscriptions")));
    }

    private static boolean flag(JsonNode filter, String name) {
        JsonNode value = filter.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("subscriptions/listen params.notifications." + name
                    + " must be a boolean");
        }
        return value.asBoolean();
    }

    private static List<String> uris(JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("subscriptions/listen params.notifications.resourceSubscriptions "
                    + "must be an array of resource URIs");
        }
        if (list.size() > MAX_URIS) {
            throw new IllegalArgumentException("subscriptions/listen params.notifications.resourceSubscriptions "
                    + "lists " + list.size() + " URIs; at most " + MAX_URIS + " per stream");
        }
        LinkedHashSet<String> uris = new LinkedHashSet<>();
        for (JsonNode uri : list) {
            if (!uri.isString() || uri.asString().isEmpty() || uri.asString().length() > MAX_URI_LENGTH) {
                throw new IllegalArgumentException("subscriptions/listen params.notifications.resourceSubscriptions "
                        + "must hold non-empty URI strings of at most " + MAX_URI_LENGTH + " characters");
            }
            uris.add(uri.asString());
        }
        return new ArrayList<>(uris);
    }
}
