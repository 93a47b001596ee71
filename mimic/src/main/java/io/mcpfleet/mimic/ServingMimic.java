package io.mcpfleet.mimic;

import java.util.concurrent.atomic.AtomicBoolean;

/** The handle on a mimic started in this JVM. */
final class ServingMimic implements RunningMimic {

    private final MimicOptions options;
    private final Lifecycle lifecycle;
    private final CallCounter calls;
    private final McpEndpoint endpoint;
    private final HttpServer http;
    private final AtomicBoolean closed = new AtomicBoolean();

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
    public boolean isRunning() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Release waiting tools first, so their request threads are free when Tomcat stops.
        lifecycle.stop();
        try {
            endpoint.close();
        } finally {
            http.close();
        }
    }
}
