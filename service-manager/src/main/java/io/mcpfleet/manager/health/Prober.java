package io.mcpfleet.manager.health;

import io.mcpfleet.manager.lifecycle.ProbeTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs one probe of the kind a service asks for: {@code mcp} (the default, an MCP
 * {@code initialize}: see {@link McpProbe}), {@code http} (a GET on {@code health.path} answered
 * 2xx or 3xx; only the status line is read) or {@code tcp} (a connection).
 */
public final class Prober {

    private final HttpClient http;
    private final McpProbe mcp;
    private final Executor blockingProbes;

    public Prober(HttpClient http, Executor blockingProbes) {
        this.http = http;
        this.mcp = new McpProbe(http);
        this.blockingProbes = blockingProbes;
    }

    public CompletableFuture<ProbeResult> probe(ProbeTarget target) {
        return switch (target.check().type()) {
            case MCP -> mcp.probe(target);
            case HTTP -> httpProbe(target, target.check().path());
            case TCP -> CompletableFuture.supplyAsync(() -> tcpProbe(target), blockingProbes);
        };
    }

    private CompletableFuture<ProbeResult> httpProbe(ProbeTarget target, String path) {
        long begin = System.nanoTime();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(target.endpoint() + path))
                    .timeout(target.check().timeout())
                    .header("Accept", "application/json, text/event-stream")
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ProbeResult.failed("bad endpoint " + target.endpoint()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .handle((response, error) -> {
                    if (error != null) {
                        return ProbeResult.failed(describe(error));
                    }
                    closeQuietly(response.body());
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    int status = response.statusCode();
                    boolean healthy = status >= 200 && status < 400;
                    return new ProbeResult(healthy, seconds, healthy ? null : "HTTP " + status + " from " + path);
                });
    }

    private ProbeResult tcpProbe(ProbeTarget target) {
        URI uri = URI.create(target.endpoint());
        long begin = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()),
                    (int) target.check().timeout().toMillis());
            return new ProbeResult(true, (System.nanoTime() - begin) / 1e9, null);
        } catch (IOException e) {
            return ProbeResult.failed("cannot connect to " + uri.getHost() + ":" + uri.getPort() + ": " + e.getMessage());
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // The probe has its answer; a failing close changes nothing.
        }
    }
}
