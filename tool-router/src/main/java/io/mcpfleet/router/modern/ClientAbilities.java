package io.mcpfleet.router.modern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Whether a client's declared capabilities let it answer a server's request, in either era. */
final class ClientAbilities {

    private ClientAbilities() {
    }

    /**
     * What the client lacks to answer {@code method} with {@code params}, or {@code null} when it declared it.
     *
     * @param capabilitiesJson the client's capabilities ({@code initialize} or {@code _meta}), as JSON
     */
    static String missing(String method, JsonNode params, String capabilitiesJson) {
        JsonNode capabilities = JsonMapper.shared().readTree(capabilitiesJson);
        return switch (method) {
            case "sampling/createMessage" -> capabilities.has("sampling") ? null
                    : "the client declared no sampling capability";
            case "roots/list" -> capabilities.has("roots") ? null : "the client declared no roots capability";
            case "elicitation/create" -> {
                JsonNode elicitation = capabilities.path("elicitation");
                if (!elicitation.isObject()) {
                    yield "the client declared no elicitation capability";
                }
                boolean url = "url".equals(params.path("mode").asString("form"));
                boolean formOnly = elicitation.isEmpty();
                yield url ? (elicitation.has("url") ? null : "the client declared no elicitation.url capability")
                        : (formOnly || elicitation.has("form") ? null
                        : "the client declared no elicitation.form capability");
            }
            default -> method + " is not a request a server may make of its client";
        };
    }
}
