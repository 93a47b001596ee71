package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.config.ServiceSpec;

/**
 * The manager's bridge to stdio servers, as the lifecycle drives it: containers of a
 * {@code transport: stdio} service are attached before they start (so nothing they write is
 * lost), detached when they stop or go, and reached at the bridge's endpoint. Implemented by
 * {@code io.mcpfleet.manager.bridge.StdioBridge}; a fleet without stdio services needs {@link #NONE}.
 */
public interface StdioAttachments {

    /** For a lifecycle that runs no stdio service: asking it for one is a mistake. */
    StdioAttachments NONE = new StdioAttachments() {
        @Override
        public void attach(ServiceSpec spec, String containerId) {
            throw new IllegalStateException("service " + spec.name() + " is a stdio service, and this manager has no bridge");
        }

        @Override
        public void detach(String containerId, String reason) {
            // nothing is attached
        }

        @Override
        public String endpoint(String service, String containerId) {
            throw new IllegalStateException("service " + service + " is a stdio service, and this manager has no bridge");
        }
    };

    /**
     * Attaches to a created (not yet started) container, or a running one.
     *
     * @throws ContainerRuntimeException when the engine refuses
     */
    void attach(ServiceSpec spec, String containerId);

    /** Ends the attachment and the sessions of its process (calls in flight fail, retryable). */
    void detach(String containerId, String reason);

    /** The base URL the router and clients reach the instance at (the router appends the MCP path). */
    String endpoint(String service, String containerId);
}
