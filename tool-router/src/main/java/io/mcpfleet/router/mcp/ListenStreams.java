package io.mcpfleet.router.mcp;

import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.CatalogListener;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.json.JsonRpc;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code subscriptions/listen} streams of 2026-07-28 clients: each is acknowledged with the
 * notification types the router honours ({@code toolsListChanged}: the merged catalog changed),
 * then carries those, tagged with the subscription's id, and a keep-alive comment every
 * {@code fleet.sessions.keep-alive}. When the router stops, each gets the graceful-closure result.
 */
@Component
class ListenStreams implements CatalogListener, DisposableBean {

    private static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    /** One open subscription: its stream and its id (the listen request's id, as JSON). */
    private record Subscription(ClientStream stream, String idJson) {
    }

    private final Map<ClientStream, Subscription> toolsListeners = new ConcurrentHashMap<>();
    private final Map<ClientStream, Subscription> all = new ConcurrentHashMap<>();

    ListenStreams(Catalog catalog, ScheduledExecutorService routerScheduler, RouterProperties properties) {
        catalog.addListener(this);
        long ping = properties.sessions().keepAlive().toMillis();
        routerScheduler.scheduleWithFixedDelay(() -> all.keySet().forEach(ClientStream::ping), ping, ping,
                TimeUnit.MILLISECONDS);
    }

    /** Opens the stream of a {@code subscriptions/listen} request and acknowledges it. */
    void listen(HttpServletRequest req, HttpServletResponse resp, String idJson, JsonNode filter) throws IOException {
        boolean tools = filter.path("toolsListChanged").asBoolean(false);
        ClientStream stream = ClientStream.open(req, resp, this::forget);
        Subscription subscription = new Subscription(stream, idJson);
        ObjectNode params = JsonRpc.object();
        params.putObject("_meta").putRawValue(SUBSCRIPTION_ID, JsonRpc.raw(idJson));
        ObjectNode honoured = params.putObject("notifications");
        if (tools) {
            honoured.put("toolsListChanged", true);
        }
        // The acknowledgment first, then the stream is registered: nothing may come before it.
        stream.send(JsonRpc.notification("notifications/subscriptions/acknowledged", params));
        all.put(stream, subscription);
        if (tools) {
            toolsListeners.put(stream, subscription);
        }
    }

    int size() {
        return all.size();
    }

    @Override
    public void toolsChanged() {
        toolsListeners.values().forEach(s -> s.stream().send(tagged("notifications/tools/list_changed", s)));
    }

    @Override
    public void destroy() {
        all.values().forEach(s -> {
            ObjectNode result = JsonRpc.object().put("resultType", "complete");
            result.putObject("_meta").putRawValue(SUBSCRIPTION_ID, JsonRpc.raw(s.idJson()));
            s.stream().send(JsonRpc.result(s.idJson(), result));
            s.stream().close();
        });
        all.clear();
        toolsListeners.clear();
    }

    private void forget(ClientStream stream) {
        all.remove(stream);
        toolsListeners.remove(stream);
    }

    private static byte[] tagged(String method, Subscription s) {
        ObjectNode params = JsonRpc.object();
        params.putObject("_meta").putRawValue(SUBSCRIPTION_ID, JsonRpc.raw(s.idJson()));
        return JsonRpc.notification(method, params);
    }

}
