package io.mcpfleet.router.modern;

import io.mcpfleet.router.json.JsonRpc;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The router's {@code server/discover} result, made from what its {@code initialize} result says
 * (capabilities, serverInfo, instructions), so that both eras are told the same about the fleet.
 */
public final class Discovery {

    private Discovery() {
    }

    /**
     * @param initializeResponse the router's answer to a 2025 {@code initialize}
     * @param supported          every revision the endpoint serves
     */
    public static byte[] result(String idJson, byte[] initializeResponse, List<String> supported,
                                ResultFields.CacheHint hint) {
        JsonNode init = JsonMapper.shared().readTree(initializeResponse).path("result");
        ObjectNode result = JsonRpc.object();
        result.put("resultType", "complete");
        ArrayNode versions = result.putArray("supportedVersions");
        supported.forEach(versions::add);
        result.set("capabilities", init.path("capabilities").deepCopy());
        result.putObject("_meta").set("io.modelcontextprotocol/serverInfo", init.path("serverInfo").deepCopy());
        if (init.path("instructions").isString()) {
            result.put("instructions", init.path("instructions").asString());
        }
        result.put("ttlMs", hint.ttlMs());
        result.put("cacheScope", hint.scope());
        return JsonRpc.result(idJson, result);
    }
}
