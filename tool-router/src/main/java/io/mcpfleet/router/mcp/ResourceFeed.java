package io.mcpfleet.router.mcp;

import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.MalformedJsonException;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.BackendStream;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One listen stream's resource subscriptions at one service, held on a backend session the router
 * keeps for that stream: a 2025 server gets {@code resources/subscribe} for each URI and sends its
 * updates on the session's GET stream; a 2026-07-28 server gets its own {@code subscriptions/listen}
 * with the URIs. Updates of the URIs the server took reach {@code updated}; the backend stream
 * ending (the instance went away) reaches {@code lost}.
 */
final class ResourceFeed implements BackendStream.Sink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResourceFeed.class);
    private static final String UPDATED = "notifications/resources/updated";

    private final UpstreamClient upstream;
    private final EnvelopeScanner scanner;
    private final JsonMapper json;
    private final Consumer<String> updated;
    private final Runnable lost;
    private final CompletableFuture<JsonNode> acknowledged = new CompletableFuture<>();
    private volatile Set<String> honoured = Set.of();
    private volatile BackendStream stream;
    private volatile BackendSession session;
    private volatile boolean closed;

    private ResourceFeed(UpstreamClient upstream, EnvelopeScanner scanner, JsonMapper json, Consumer<String> updated,
                         Runnable lost) {
        this.upstream = upstream;
        this.scanner = scanner;
        this.json = json;
        this.updated = updated;
        this.lost = lost;
    }

    /**
     * Subscribes to {@code uris} on {@code session} (opened for this feed, and ended with it).
     *
     * @return the feed; {@link #honoured()} is empty when the server took none (the feed is then closed)
     */
    static ResourceFeed open(UpstreamClient upstream, BackendSession session, List<String> uris, Duration timeout,
                             EnvelopeScanner scanner, JsonMapper json, Consumer<String> updated, Runnable lost) {
        ResourceFeed feed = new ResourceFeed(upstream, scanner, json, updated, lost);
        feed.session = session;
        try {
            feed.honoured = Set.copyOf(session.modern() ? feed.listen(uris, timeout) : feed.subscribe(uris, timeout));
        } catch (UpstreamException | IllegalStateException e) {
            log.info("cannot subscribe to resources of service {} for a listen stream: {}", session.service(),
                    e.getMessage());
        }
        if (feed.honoured.isEmpty()) {
            feed.close();
        }
        return feed;
    }

    Set<String> honoured() {
        return honoured;
    }

    private List<String> subscribe(List<String> uris, Duration timeout) {
        stream = upstream.listen(session, this);
        List<String> taken = new ArrayList<>();
        for (String uri : uris) {
            ObjectNode params = json.createObjectNode().put("uri", uri);
            JsonNode answer = json.readTree(upstream.request(session, "resources/subscribe", params, timeout));
            if (answer.has("result")) {
                taken.add(uri);
            } else {
                log.debug("service {} refused resources/subscribe of {}: {}", session.service(), uri,
                        answer.path("error"));
            }
        }
        return taken;
    }

    private List<String> listen(List<String> uris, Duration timeout) {
        ObjectNode filter = json.createObjectNode();
        uris.forEach(filter.putArray("resourceSubscriptions")::add);
        stream = upstream.subscribe(session, filter, this);
        JsonNode ack;
        try {
            ack = acknowledged.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgment of subscriptions/listen in " + timeout.toMillis()
                    + " ms", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("subscriptions/listen refused", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<String> taken = new ArrayList<>();
        for (JsonNode uri : ack.path("params").path("notifications").path("resourceSubscriptions")) {
            if (uris.contains(uri.asString(""))) {
                taken.add(uri.asString());
            }
        }
        return taken;
    }

    @Override
    public void message(BackendSession from, byte[] message) {
        Envelope e;
        try {
            e = scanner.scan(message);
        } catch (MalformedJsonException garbage) {
            log.debug("ignoring garbage on a resource feed of {}", from);
            return;
        }
        if (e.kind() == Envelope.Kind.REQUEST) {
            // No one stands behind this session to answer the server.
            upstream.postLater(from, Failures.error(e.idText(), Failures.METHOD_NOT_FOUND, "this session only "
                    + "carries resource updates; its client cannot answer " + e.method()), Duration.ofSeconds(5));
        } else if ("notifications/subscriptions/acknowledged".equals(e.method())) {
            acknowledged.complete(json.readTree(message));
        } else if (UPDATED.equals(e.method())) {
            String uri = json.readTree(message).path("params").path("uri").asString("");
            if (honoured.contains(uri) && !closed) {
                updated.accept(uri);
            }
        }
    }

    @Override
    public void ended(BackendSession from, boolean refused) {
        acknowledged.completeExceptionally(new IllegalStateException("the stream ended"));
        if (!closed && !honoured.isEmpty()) {
            lost.run();
        }
    }

    @Override
    public void close() {
        closed = true;
        BackendStream s = stream;
        if (s != null) {
            s.close();
        }
        upstream.close(session);
    }
}
