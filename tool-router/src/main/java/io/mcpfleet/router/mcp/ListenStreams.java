package io.mcpfleet.router.mcp;

import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.CatalogListener;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.upstream.InitParams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code subscriptions/listen} streams of 2026-07-28 clients: each is acknowledged with what
 * the router honours of its filter (the merged catalog's {@code toolsListChanged},
 * {@code promptsListChanged}, {@code resourcesListChanged}; the {@code resourceSubscriptions} its
 * {@link ResourceFeeds} could subscribe at the services), then carries those, tagged with the
 * subscription's id, and a keep-alive comment every {@code fleet.sessions.keep-alive}. A service's
 * feed that ends (its instance went away) ends the stream without a result, so the client listens
 * again. When the router stops, each stream gets the graceful-closure result.
 */
@Component
class ListenStreams implements CatalogListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ListenStreams.class);
    private static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    /** One open subscription: its stream, its id (the listen request's id, as JSON), what it asked for. */
    private record Subscription(ClientStream stream, String idJson, ListenFilter filter, ResourceFeeds.Feeds feeds) {
    }

    private final Map<ClientStream, Subscription> all = new ConcurrentHashMap<>();
    private final ResourceFeeds resourceFeeds;

    ListenStreams(Catalog catalog, ScheduledExecutorService routerScheduler, RouterProperties properties,
                  ResourceFeeds resourceFeeds) {
        this.resourceFeeds = resourceFeeds;
        catalog.addListener(this);
        long ping = properties.sessions().keepAlive().toMillis();
        routerScheduler.scheduleWithFixedDelay(() -> all.keySet().forEach(ClientStream::ping), ping, ping,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Subscribes what the filter asks at the services, opens the stream and acknowledges what is
     * honoured.
     */
    void listen(HttpServletRequest req, HttpServletResponse resp, String idJson, ListenFilter filter,
                InitParams client) throws IOException {
        AtomicReference<Subscription> opened = new AtomicReference<>();
        ResourceFeeds.Feeds feeds = resourceFeeds.open(filter.uris(), client, uri -> {
            Subscription s = opened.get();
            if (s != null) {
                ObjectNode params = tagged(s);
                params.put("uri", uri);
                s.stream().send(JsonRpc.notification("notifications/resources/updated", params));
            }
        }, () -> {
            Subscription s = opened.get();
            if (s != null) {
                log.info("a listen stream lost a service's resource feed; ending it so that its client listens again");
                s.stream().close();
            }
        });
        ClientStream stream;
        try {
            stream = ClientStream.open(req, resp, this::forget);
        } catch (IOException | RuntimeException e) {
            feeds.close();
            throw e;
        }
        Subscription subscription = new Subscription(stream, idJson, filter, feeds);
        ObjectNode params = tagged(subscription);
        ObjectNode honoured = params.putObject("notifications");
        if (filter.tools()) {
            honoured.put("toolsListChanged", true);
        }
        if (filter.prompts()) {
            honoured.put("promptsListChanged", true);
        }
        if (filter.resources()) {
            honoured.put("resourcesListChanged", true);
        }
        if (!feeds.honoured().isEmpty()) {
            ArrayNode uris = honoured.putArray("resourceSubscriptions");
            feeds.honoured().forEach(uris::add);
        }
        // The acknowledgment first, then the stream is registered: nothing may come before it.
        stream.send(JsonRpc.notification("notifications/subscriptions/acknowledged", params));
        all.put(stream, subscription);
        opened.set(subscription);
        if (stream.closed()) {
            forget(stream);
        }
    }

    int size() {
        return all.size();
    }

    @Override
    public void toolsChanged() {
        announce("notifications/tools/list_changed", ListenFilter::tools);
    }

    @Override
    public void promptsChanged() {
        announce("notifications/prompts/list_changed", ListenFilter::prompts);
    }

    @Override
    public void resourcesChanged() {
        announce("notifications/resources/list_changed", ListenFilter::resources);
    }

    private void announce(String method, Predicate<ListenFilter> asked) {
        all.values().stream().filter(s -> asked.test(s.filter()))
                .forEach(s -> s.stream().send(JsonRpc.notification(method, tagged(s))));
    }

    @Override
    public void destroy() {
        endAll();
    }

    /**
     * Ends every listen with its final result ({@code resultType: complete}) when the router stops,
     * before graceful shutdown waits for active requests (see {@link SessionRegistry#endStreams()}).
     */
    @EventListener(ContextClosedEvent.class)
    void endAll() {
        all.values().forEach(s -> {
            ObjectNode result = JsonRpc.object().put("resultType", "complete");
            result.putObject("_meta").putRawValue(SUBSCRIPTION_ID, JsonRpc.raw(s.idJson()));
            s.stream().send(JsonRpc.result(s.idJson(), result));
            s.stream().close();
            s.feeds().close();
        });
        all.clear();
    }

    private void forget(ClientStream stream) {
        Subscription s = all.remove(stream);
        if (s != null) {
            s.feeds().close();
        }
    }

    /** Params carrying the subscription's id in {@code _meta}. */
    private static ObjectNode tagged(Subscription s) {
        ObjectNode params = JsonRpc.object();
        params.putObject("_meta").putRawValue(SUBSCRIPTION_ID, JsonRpc.raw(s.idJson()));
        return params;
    }
}
