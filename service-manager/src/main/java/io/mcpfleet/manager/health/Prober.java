package io.mcpfleet.manager.health;

import io.mcpfleet.manager.lifecycle.ProbeTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs one probe of the kind a service asks for: {@code mcp} (the default, an MCP
 * {@code initialize}: see {@link McpProbe}), {@code http} (a GET on {@code health.path} answered
 * 2xx or 3xx; only the status line is read: see {@link StatusLineGet}) or {@code tcp} (a
 * connection). The last two block, on {@code blockingProbes}.
 */
public final class Prober {

    private final McpProbe mcp;
    private final Executor blockingProbes;

    /**
     * @param http           the {@code mcp} probes' client
     * @param blockingProbes runs the {@code http} and {@code tcp} probes, each blocking until its
     *                       answer or its timeout
     */
    public Prober(HttpClient http, Executor blockingProbes) {
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
        URI endpoint;
        try {
            endpoint = URI.create(target.endpoint());
        } catch (IllegalArgumentException e) {
            endpoint = null;
        }
        if (endpoint == null || endpoint.getHost() == null || !"http".equals(endpoint.getScheme())) {
            return CompletableFuture.completedFuture(ProbeResult.failed("bad endpoint " + target.endpoint()));
        }
        URI uri = endpoint;
        return CompletableFuture.supplyAsync(() -> StatusLineGet.probe(uri, path, target.check().timeout()),
                blockingProbes);
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

}
