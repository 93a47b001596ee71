package io.mcpfleet.mimic;

import java.time.Duration;

/** The handle on a mimic started in this JVM. */
final class ServingMimic implements RunningMimic {

    /** Long enough for released calls to answer; short, as a test waits for every close. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final MimicOptions options;
    private final Lifecycle lifecycle;
    private final CallCounter calls;
    private final McpEndpoint endpoint;
    private final HttpServer http;
    private boolean running = true;

    ServingMimic(MimicOptions options, Lifecycle lifecycle, CallCounter calls, McpEndpoint endpoint,
                 HttpServer http) {
        this.options = options;
        this.lifecycle = lifecycle;
        this.calls = calls;
        this.endpoint = endpoint;
        this.http = http;
    }

    @Override
    public int port() {
        return http.port();
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public String mcpUrl() {
        return baseUrl() + options.mcpPath();
    }

    @Override
    public String id() {
        return options.id();
    }

    @Override
    public long callsReceived() {
        return calls.total();
    }

    @Override
    public long callsReceived(String tool) {
        return calls.of(tool);
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void kill() {
        if (!running) {
            return;
        }
        // Connections go first, so no answer (not even "mimic is stopping") reaches a client.
        try {
            http.kill();
        } finally {
            lifecycle.stop();
            endpoint.close();
            running = false;
        }
    }

    /** Synchronized: a crash closes on its own thread, and a test's close must not return before it is done. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        // Release waiting tools first, and let their error answers out before the sessions close.
        lifecycle.stop();
        http.awaitRequests(STOP_GRACE);
        try {
            endpoint.close();
        } finally {
            http.close();
            running = false;
        }
    }
}
