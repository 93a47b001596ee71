package io.mcpfleet.router.upstream;

import io.mcpfleet.router.json.JsonRpc;

/**
 * What the router presents when it opens a backend session on a client's behalf: the client's
 * own protocol version, capabilities and clientInfo, so the server treats it as that client.
 *
 * @param protocolVersion the version to ask for
 * @param capabilities    the client capabilities as raw JSON
 * @param clientInfo      the client's Implementation object as raw JSON
 */
public record InitParams(String protocolVersion, String capabilities, String clientInfo) {

    /** The router's own clientInfo, for sessions with no one client behind them. */
    private static final String ROUTER_CLIENT_INFO = JsonRpc.text(JsonRpc.object()
            .put("name", "mcp-fleet-tool-router").put("version", "0.1.0"));

    /**
     * What the router presents for a session no one client stands behind (its learning session, a
     * pooled session): the latest protocol version, its own clientInfo, the given capabilities.
     */
    public static InitParams router(String capabilities) {
        return new InitParams("2025-11-25", capabilities, ROUTER_CLIENT_INFO);
    }
}
