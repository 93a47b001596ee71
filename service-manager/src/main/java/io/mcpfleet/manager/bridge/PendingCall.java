package io.mcpfleet.manager.bridge;

import tools.jackson.databind.JsonNode;

/**
 * A request the bridge has sent to the process and whose response it waits for.
 *
 * @param id          the bridge's id for it on the process's stdin (unique per process)
 * @param clientId    the id the client gave it, restored in every message back
 * @param session     the client session, or {@code null} for the bridge's own requests
 * @param clientToken the client's {@code progressToken}, or {@code null}
 * @param bridgeToken the token the process sees instead, or {@code null}
 * @param caller      where its messages go
 */
record PendingCall(long id, JsonNode clientId, BridgeSession session, JsonNode clientToken, String bridgeToken,
                   Caller caller) {

    boolean fromClient() {
        return session != null;
    }
}
