package io.mcpfleet.router.mcp;

import java.util.List;

/** The MCP protocol revisions the router speaks to clients. */
final class ProtocolVersions {

    static final String V2025_03_26 = "2025-03-26";
    static final String LATEST = "2025-11-25";
    static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", V2025_03_26);

    private ProtocolVersions() {
    }

    static boolean supported(String version) {
        return SUPPORTED.contains(version);
    }

    /** The version to answer {@code initialize} with: the client's if the router speaks it, else the latest. */
    static String negotiate(String requested) {
        return supported(requested) ? requested : LATEST;
    }

    /** JSON-RPC batches exist only in 2025-03-26 (removed in 2025-06-18). */
    static boolean allowsBatches(String version) {
        return V2025_03_26.equals(version);
    }
}
