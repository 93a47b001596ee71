package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StreamingIT extends RouterTestBase {

    @Test
    void progressAndLoggingArriveBeforeTheResult() {
        String session = rawSession("2025-11-25");

        HttpResponse<String> progress = callRaw(session, 1, "alpha__progress", "{\"steps\":3,\"ms\":10}",
                "{\"progressToken\":\"p-1\"}");
        HttpResponse<String> log = callRaw(session, 2, "alpha__log", "{\"level\":\"warning\",\"message\":\"careful\"}",
                null);

        List<String> order = messages(progress).stream()
                .map(m -> m.has("method") ? m.path("method").asString() : "result").toList();
        assertThat(order).containsExactly("notifications/progress", "notifications/progress",
                "notifications/progress", "result");
        assertThat(messages(progress).get(0).path("params").path("progressToken").asString()).isEqualTo("p-1");
        assertThat(messages(log).get(0).path("method").asString()).isEqualTo("notifications/message");
        assertThat(messages(log).get(0).path("params").path("data").toString()).contains("careful");
        assertThat(answer(log).path("id").asInt()).isEqualTo(2);
    }

    @Test
    void theClientAnswersASamplingRequestThroughTheRouter() {
        McpSyncClient client = client(spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(request -> McpSchema.CreateMessageResult.builder()
                        .role(McpSchema.Role.ASSISTANT)
                        .content(new McpSchema.TextContent("sampled: "
                                + ((McpSchema.TextContent) request.messages().get(0).content()).text()))
                        .model("test-model")
                        .build()));

        McpSchema.CallToolResult result = call(client, "alpha__sample", Map.of("prompt", "hello"));

        assertThat(text(result)).isEqualTo("sampled: hello");
    }

    @Test
    void cancellationReachesTheBackendUnderTheBackendsId() {
        String session = rawSession("2025-11-25");
        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(
                () -> callRaw(session, "client-7", "recorder__wait", "{}", null));
        await().until(() -> fleet.recorder.received.stream().anyMatch(m -> m.contains("tools/call")));
        String forwarded = fleet.recorder.received.stream().filter(m -> m.contains("tools/call")).findFirst()
                .orElseThrow();
        String backendId = JSON.readTree(forwarded).path("id").toString();

        HttpResponse<String> cancel = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                + "{\"requestId\":\"client-7\",\"reason\":\"changed my mind\"}}", "Mcp-Session-Id", session);

        assertThat(cancel.statusCode()).isEqualTo(202);
        assertThat(backendId).isNotEqualTo("\"client-7\"");
        assertThat(JSON.readTree(forwarded).path("params").path("name").asString()).isEqualTo("wait");
        await().until(() -> fleet.recorder.received.stream().anyMatch(m -> m.contains("notifications/cancelled")));
        String note = fleet.recorder.received.stream().filter(m -> m.contains("notifications/cancelled")).findFirst()
                .orElseThrow();
        assertThat(JSON.readTree(note).path("params").path("requestId").toString()).isEqualTo(backendId);
        assertThat(messages(call.join())).noneMatch(m -> m.has("result"));
    }

    @Test
    void theCatalogFollowsABackendsToolListChangeAndTellsClientsWithAStream() {
        List<List<McpSchema.Tool>> changes = new CopyOnWriteArrayList<>();
        McpSyncClient client = client(spec -> spec.toolsChangeConsumer(changes::add));
        call(client, "gamma__echo", Map.of("text", "bind"));

        call(client, "gamma__notify_tools_changed", Map.of());

        await().until(() -> changes.stream().anyMatch(tools -> tools.stream()
                .anyMatch(t -> t.name().equals("gamma__extra"))));
        assertThat(text(call(client, "gamma__extra", Map.of()))).isEqualTo("extra");
    }

    @Test
    void statefulCallsStayOnOneInstanceAndStatelessOnesSpread() {
        McpSyncClient client = client();

        List<String> counts = List.of(text(call(client, "alpha__counter", Map.of())),
                text(call(client, "alpha__counter", Map.of())), text(call(client, "alpha__counter", Map.of())));
        java.util.Set<String> beta = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) {
            beta.add(text(call(client, "beta__whoami", Map.of())));
        }

        assertThat(counts).containsExactly("1", "2", "3");
        assertThat(beta).containsExactlyInAnyOrder("beta-1", "beta-2");
    }

    @Test
    void leastConnectionsSendsANewSessionToTheIdleInstance() {
        McpSyncClient busy = client();
        String busyOn = text(call(busy, "alpha__whoami", Map.of()));
        CompletableFuture<?> slow = CompletableFuture.runAsync(() -> call(busy, "alpha__slow", Map.of("ms", 1500)));
        await().until(() -> fleet.mimics.get(busyOn).callsReceived("slow") > 0);

        String idleOn = text(call(client(), "alpha__whoami", Map.of()));

        assertThat(idleOn).isNotEqualTo(busyOn);
        slow.join();
    }

    static JsonNode first(List<JsonNode> messages) {
        return messages.get(0);
    }
}
