package io.mcpfleet.router.modern;

/** The HTTP headers of the 2026-07-28 Streamable HTTP binding (names compare case-insensitively). */
public final class Headers {

    public static final String VERSION = "MCP-Protocol-Version";
    public static final String METHOD = "Mcp-Method";
    public static final String NAME = "Mcp-Name";
    /** The 2025 session header: never part of a modern request. */
    public static final String SESSION = "Mcp-Session-Id";

    private Headers() {
    }
}
