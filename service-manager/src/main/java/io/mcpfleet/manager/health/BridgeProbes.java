package io.mcpfleet.manager.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Probes of instances the manager reaches through its own bridge (stdio servers: an MCP
 * {@code ping} over the pipe) rather than over HTTP. Implemented by the bridge.
 */
public interface BridgeProbes {

    /** A manager with no bridged service. */
    BridgeProbes NONE = new BridgeProbes() {
        @Override
        public boolean bridges(String service) {
            return false;
        }

        @Override
        public CompletableFuture<Double> probe(String service, String instanceId, Duration timeout) {
            return CompletableFuture.failedFuture(new IllegalStateException("service " + service + " is not bridged"));
        }
    };

    /** Whether the service's instances are probed here. */
    boolean bridges(String service);

    /** One probe: completes with how long the answer took, in seconds, or fails with why. */
    CompletableFuture<Double> probe(String service, String instanceId, Duration timeout);
}
