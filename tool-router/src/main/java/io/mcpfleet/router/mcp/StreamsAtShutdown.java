package io.mcpfleet.router.mcp;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends the clients' long-lived streams (2025 sessions' GET streams, 2026-07-28 listens) when the
 * router stops, before graceful shutdown waits for active requests: a stream is one until it ends,
 * and a gateway always holds one, so every stop waited the whole shutdown timeout (20 s) and then
 * had its connections cut. Calls in flight are left to finish; sessions end afterwards, with the
 * context. The default phase stops before the web server's graceful shutdown (a lower phase).
 */
@Component
class StreamsAtShutdown implements SmartLifecycle {

    private final SessionRegistry sessions;
    private final ListenStreams listens;
    private volatile boolean running;

    StreamsAtShutdown(SessionRegistry sessions, ListenStreams listens) {
        this.sessions = sessions;
        this.listens = listens;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        listens.endAll();
        sessions.endStreams();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
