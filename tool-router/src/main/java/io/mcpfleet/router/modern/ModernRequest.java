package io.mcpfleet.router.modern;

import io.mcpfleet.router.upstream.InitParams;

/**
 * The per-request fields of a 2026-07-28 request, as the gate read them.
 *
 * @param protocolVersion the request's version
 * @param capabilities    {@code io.modelcontextprotocol/clientCapabilities} as raw JSON
 * @param clientInfo      {@code io.modelcontextprotocol/clientInfo} as raw JSON (a placeholder when absent)
 * @param logLevel        {@code io.modelcontextprotocol/logLevel}, or {@code null}: no log messages for this request
 * @param requestState    {@code params.requestState} of a retry after {@code input_required}, or {@code null}
 */
public record ModernRequest(String protocolVersion, String capabilities, String clientInfo, String logLevel,
                            String requestState) {

    /**
     * What a 2025 backend session opened for this request presents: the client's capabilities and
     * clientInfo at the latest 2025 revision (the backend's own era).
     */
    public InitParams legacyInitParams(String legacyVersion) {
        return new InitParams(legacyVersion, capabilities, clientInfo);
    }
}
