package io.mcpfleet.manager.bridge;

import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.node.ObjectNode;

/** The caller of the bridge's own requests (initialize, ping): the response completes a future. */
final class FutureCaller implements Caller {

    final CompletableFuture<ObjectNode> response = new CompletableFuture<>();

    @Override
    public boolean deliver(ObjectNode message, boolean last) {
        if (last) {
            response.complete(message);
        }
        return true;
    }

    @Override
    public void end() {
        response.completeExceptionally(new BridgeException("no answer: the exchange ended"));
    }
}
