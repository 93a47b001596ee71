package io.mcpfleet.manager.bridge;

import org.springframework.context.SmartLifecycle;

/**
 * Ends the bridge's GET streams when the manager stops, before graceful shutdown waits for active
 * requests (the default phase stops before the web server's): the router's session of each stdio
 * service holds one, and each held every stop for the whole shutdown timeout. Calls in flight are
 * left to finish; the processes are detached afterwards, when the bridge closes.
 */
public final class BridgeStreamsAtStop implements SmartLifecycle {

    private final StdioBridge bridge;
    private volatile boolean running;

    public BridgeStreamsAtStop(StdioBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        bridge.endStreams();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
