package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.Listing;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawModernMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.modelcontextprotocol.modern.McpSchema.SubscriptionFilter;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.SubscriptionEvent;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code subscriptions/listen} of 2026-07-28 clients (the Java SDK 2.2.0 modern client, and raw
 * requests for bad input) beyond tools: prompts and resources list_changed of the merged catalog,
 * resource updates from a 2025 stateful service ({@code gamma}, a mimic that announces an update
 * of its notes when {@code items/touch} is read), and a modern server's own list changes
 * ({@code novel}) and resource updates followed through its {@code subscriptions/listen}.
 */
class ListenIT extends RouterTestBase {

    @Autowired
    Catalog catalog;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @BeforeEach
    void learned() {
        awaitTools("gamma__echo", "novel__echo");
    }

    @org.junit.jupiter.api.AfterEach
    void closeListens() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private McpSyncClient modern() {
        return McpClient.sync(HttpClientMcpTransport.builder(mcpUrl()).build()).build();
    }

    private List<SubscriptionEvent> listen(McpSyncClient client, java.util.function.UnaryOperator<
            McpSyncClient.ListenSpec> spec) {
        List<SubscriptionEvent> events = new CopyOnWriteArrayList<>();
        McpSyncClient.Listening listening = spec.apply(client.listen()).open(events::add);
        open.add(listening::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(SubscriptionEvent.Subscribed.class::isInstance));
        return events;
    }

    private static SubscriptionFilter honoured(List<SubscriptionEvent> events) {
        return events.stream().filter(SubscriptionEvent.Subscribed.class::isInstance)
                .map(e -> ((SubscriptionEvent.Subscribed) e).honoured()).findFirst().orElseThrow();
    }

    @Test
    void aResourceUpdateOfAStatefulServiceReachesTheListenStreamThatSubscribedIt() {
        McpSyncClient client = modern();
        List<SubscriptionEvent> events = listen(client, l -> l.resourceUpdates("mimic://gamma/notes",
                "mimic://nowhere/at-all"));

        client.resource("mimic://gamma/items/touch").read();

        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e ->
                e instanceof SubscriptionEvent.ResourceUpdated u && u.uri().equals("mimic://gamma/notes")));
        // Only what the router could subscribe is acknowledged: no service owns the other URI.
        assertThat(honoured(events).get(SubscriptionFilter.RESOURCE_SUBSCRIPTIONS))
                .isEqualTo(List.of("mimic://gamma/notes"));
    }

    @Test
    void aResourceUpdateOfAModernServerComesThroughItsOwnListenStream() {
        await().atMost(Duration.ofSeconds(10)).until(() -> "novel".equals(catalog.primitives()
                .ownerOf("mimic://novel/notes")));
        McpSyncClient client = modern();
        List<SubscriptionEvent> events = listen(client, l -> l.resourceUpdates("mimic://novel/notes"));

        client.resource("mimic://novel/touch").read();

        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e ->
                e instanceof SubscriptionEvent.ResourceUpdated u && u.uri().equals("mimic://novel/notes")));
        assertThat(honoured(events).get(SubscriptionFilter.RESOURCE_SUBSCRIPTIONS))
                .isEqualTo(List.of("mimic://novel/notes"));
    }

    @Test
    void promptsAndResourcesListChangedOfTheMergedCatalogAreCarried() {
        List<SubscriptionEvent> events = listen(modern(), l -> l.promptsChanged().resourcesChanged());
        List<JsonNode> tools = List.of(JSON.readTree("{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}}"));

        try {
            catalog.learned("wakeful", new Listing(tools, List.of(JSON.readTree("{\"name\":\"heard\"}")),
                    List.of(JSON.readTree("{\"uri\":\"mimic://wakeful/heard\",\"name\":\"heard\"}")), List.of()));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .anyMatch(SubscriptionEvent.PromptsListChanged.class::isInstance) && events.stream()
                    .anyMatch(SubscriptionEvent.ResourcesListChanged.class::isInstance));
        } finally {
            catalog.learned("wakeful", Listing.ofTools(tools));
        }

        assertThat(honoured(events).get(SubscriptionFilter.PROMPTS_LIST_CHANGED)).isEqualTo(true);
        assertThat(honoured(events).get(SubscriptionFilter.RESOURCES_LIST_CHANGED)).isEqualTo(true);
        assertThat(events).noneMatch(SubscriptionEvent.ToolsListChanged.class::isInstance);
    }

    @Test
    void aModernServersOwnToolChangeReachesTheCatalogAndListeningClients() {
        List<SubscriptionEvent> events = listen(modern(), McpSyncClient.ListenSpec::toolsChanged);

        RawModernMcp.to(RawMcp.to(mcpUrl())).call("novel__notify_tools_changed", "{}");

        awaitTools("novel__extra");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(SubscriptionEvent.ToolsListChanged.class::isInstance));
    }

    @Test
    void absurdListenFiltersAreInvalidParamsNeverA5xx() {
        RawModernMcp raw = RawModernMcp.to(RawMcp.to(mcpUrl()));
        String many = "\"u\",".repeat(1000) + "\"u\"";

        List<RawResponse> answers = List.of(
                raw.request("subscriptions/listen", "\"notifications\":[]", null),
                raw.request("subscriptions/listen", "\"notifications\":{\"toolsListChanged\":\"yes\"}", null),
                raw.request("subscriptions/listen", "\"notifications\":{\"resourceSubscriptions\":\"mimic://x\"}", null),
                raw.request("subscriptions/listen", "\"notifications\":{\"resourceSubscriptions\":[1,{}]}", null),
                raw.request("subscriptions/listen", "\"notifications\":{\"resourceSubscriptions\":[" + many + "]}",
                        null));

        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.answer().path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(r.answer().path("error").path("message").asString()).contains("params.notifications");
        });
    }

    @Test
    void aStatelessServicesResourceIsNotAcknowledged() {
        List<SubscriptionEvent> events = listen(modern(), l -> l.toolsChanged().resourceUpdates("mimic://siesta/notes"));

        assertThat(honoured(events).get(SubscriptionFilter.TOOLS_LIST_CHANGED)).isEqualTo(true);
        assertThat(honoured(events).get(SubscriptionFilter.RESOURCE_SUBSCRIPTIONS)).isNull();
    }
}
