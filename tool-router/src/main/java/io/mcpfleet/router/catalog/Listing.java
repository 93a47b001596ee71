package io.mcpfleet.router.catalog;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What one service offers, as its lists gave it: each element the server's own JSON.
 *
 * @param tools     from {@code tools/list}
 * @param prompts   from {@code prompts/list} (empty when the server has none)
 * @param resources from {@code resources/list}
 * @param templates from {@code resources/templates/list}
 */
public record Listing(List<JsonNode> tools, List<JsonNode> prompts, List<JsonNode> resources,
                      List<JsonNode> templates) {

    public Listing {
        tools = List.copyOf(tools);
        prompts = List.copyOf(prompts);
        resources = List.copyOf(resources);
        templates = List.copyOf(templates);
    }

    /** A service known only by its tools (declared in services.yml, or a catalog file of an older router). */
    public static Listing ofTools(List<JsonNode> tools) {
        return new Listing(tools, List.of(), List.of(), List.of());
    }
}
