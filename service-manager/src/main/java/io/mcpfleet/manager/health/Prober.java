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
 * Runs one probe of the kind a service asks for. The default ({@code mcp}) works for any MCP
 * server over Streamable HTTP, though most have no health endpoint: a GET on the MCP path is
 * answered (400, 405, or an event stream) by a server that is up, so any status below 500 counts.
 * Only the status line is read; the body (possibly an endless event stream) is closed at once.
 */
public final class Prober {

    private final HttpClient http;
    private final Executor blockingProbes;

    public Prober(HttpClient http, Executor blockingProbes) {
        this.http = http;
        this.blockingProbes = blockingProbes;
    }

    public CompletableFuture<ProbeResult> probe(ProbeTarget target) {
        return switch (target.check().type()) {
            case MCP -> httpProbe(target, target.mcpPath(), true);
            case HTTP -> httpProbe(target, target.check().path(), false);
            case TCP -> CompletableFuture.supplyAsync(() -> tcpProbe(target), blockingProbes);
        };
    }

    private CompletableFuture<ProbeResult> httpProbe(ProbeTarget target, String path, boolean anyAnswer) {
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
                    boolean healthy = anyAnswer ? status < 500 : status >= 200 && status < 400;
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
