package io.mcpfleet.manager.health;

import io.mcpfleet.manager.lifecycle.ProbeTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs one probe of the kind a service asks for: {@code mcp} (the default, an MCP
 * {@code initialize}: see {@link McpProbe}), {@code http} (a GET on {@code health.path} answered
 * 2xx or 3xx; the body is not read: see {@link StatusProbe}) or {@code tcp} (a connection). Each
 * blocks on its socket, on {@code blockingProbes}; the HTTP exchanges go through one {@link ProbeHttp}.
 */
public final class Prober {

    private final ProbeHttp http = new ProbeHttp();
    private final McpProbe mcp;
    private final Executor blockingProbes;

    /**
     * @param blockingProbes runs the probes, each blocking until its answer or its timeout (and
     *                       the {@code mcp} probe's session ends, not waited for)
     */
    public Prober(Executor blockingProbes) {
        this.mcp = new McpProbe(http, blockingProbes);
        this.blockingProbes = blockingProbes;
    }

    public CompletableFuture<ProbeResult> probe(ProbeTarget target) {
        return switch (target.check().type()) {
            case MCP -> onEndpoint(target, uri -> mcp.probe(uri, target));
            case HTTP -> onEndpoint(target, uri -> StatusProbe.probe(http, uri, target.check().path(),
                    target.check().timeout()));
            case TCP -> CompletableFuture.supplyAsync(() -> tcpProbe(target), blockingProbes);
        };
    }

    /** Runs {@code probe} on the target's endpoint, parsed, on the blocking pool. */
    private CompletableFuture<ProbeResult> onEndpoint(ProbeTarget target, Function<URI, ProbeResult> probe) {
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
        return CompletableFuture.supplyAsync(() -> probe.apply(uri), blockingProbes);
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
