package io.mcpfleet.e2e;

import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawModernMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The official reference server, {@code @modelcontextprotocol/server-everything}, behind the
 * router: a real peer nobody here wrote, speaking SSE for every call.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReferenceServerIT {

    private static final String LONG_OPERATION = "everything__trigger-long-running-operation";

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              everything:
                image: %s
                port: 8000
            """.formatted(TestImages.reference())).build();

    @Test
    void listsTheReferenceServersToolsWithTheirSchemasAndAnnotations() {
        FLEET.awaitTools("everything__echo", "everything__get-sum", LONG_OPERATION);

        JsonNode echo = FLEET.tools().get("everything__echo");

        assertThat(echo.path("inputSchema").path("properties").has("message")).as(echo.toString()).isTrue();
        assertThat(echo.path("annotations").path("readOnlyHint").asBoolean()).as(echo.toString()).isTrue();
    }

    @Test
    void relaysEchoToTheReferenceServer() {
        FLEET.awaitTools("everything__echo");
        McpSyncClient client = FLEET.client();

        CallToolResult result = call(client, "everything__echo", Map.of("message", "hello"));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(text(result)).contains("hello");
    }

    @Test
    void progressNotificationsPrecedeTheResultOnTheCallsStream() {
        FLEET.awaitTools(LONG_OPERATION);
        RawMcp.Session session = FLEET.raw().initialize();

        RawResponse response = session.callWithProgress(LONG_OPERATION, "{\"duration\":1,\"steps\":4}", "tok-1");

        List<JsonNode> messages = response.messages();
        List<JsonNode> progress = messages.subList(0, messages.size() - 1);
        assertThat(response.isSse()).as(response.toString()).isTrue();
        assertThat(progress).as(response.toString()).hasSize(4).allSatisfy(p -> {
            assertThat(p.path("method").asString()).isEqualTo("notifications/progress");
            assertThat(p.path("params").path("progressToken").asString()).isEqualTo("tok-1");
        });
        assertThat(progress).extracting(p -> p.path("params").path("progress").asDouble()).isSorted();
        assertThat(response.answer().has("result")).as(response.toString()).isTrue();
    }

    @Test
    void progressReachesTheClientWhileTheCallIsStillRunning() throws Exception {
        FLEET.awaitTools(LONG_OPERATION);
        CountDownLatch firstProgress = new CountDownLatch(1);
        List<ProgressNotification> received = new CopyOnWriteArrayList<>();
        McpSyncClient client = FLEET.client(spec -> spec.progressConsumer(p -> {
            received.add(p);
            firstProgress.countDown();
        }));
        CallToolRequest request = CallToolRequest.builder(LONG_OPERATION).arguments(Map.of("duration", 2, "steps", 4))
                .progressToken("tok-2").build();

        CompletableFuture<CallToolResult> call = CompletableFuture.supplyAsync(() -> client.callTool(request));
        boolean progressed = firstProgress.await(60, TimeUnit.SECONDS);
        // Streamed, not buffered: the last step is still seconds away when the first one arrives.
        boolean answeredBeforeFirstProgress = call.isDone();
        CallToolResult result = call.get(60, TimeUnit.SECONDS);

        // The SDK may hand the last notification to the consumer just after the result.
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 4);

        assertThat(progressed).isTrue();
        assertThat(answeredBeforeFirstProgress).isFalse();
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(received).hasSize(4).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("tok-2"));
    }

    @Test
    void aClientOfThe2026EraCallsTheReferenceServerThroughTheRouter() {
        FLEET.awaitTools("everything__echo", LONG_OPERATION);
        RawModernMcp modern = RawModernMcp.to(FLEET.raw());
        McpClient.SyncBuilder builder = McpClient.sync(HttpClientMcpTransport.builder(FLEET.raw().url().toString())
                .build());
        io.modelcontextprotocol.modern.client.McpSyncClient sdk = builder.build();

        RawResponse echoed = modern.call("everything__echo", "{\"message\":\"from 2026\"}");
        RawResponse progressed = modern.callWithProgress(LONG_OPERATION, "{\"duration\":1,\"steps\":2}", "tok-m");
        var sdkEcho = sdk.tool("everything__echo").arguments(Map.of("message", "sdk 2026")).call();

        assertThat(echoed.text()).contains("from 2026");
        assertThat(echoed.answer().path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(progressed.messages()).as(progressed.toString()).filteredOn(m -> m.has("method"))
                .hasSize(2).allSatisfy(p -> assertThat(p.path("method").asString()).isEqualTo("notifications/progress"));
        assertThat(progressed.answer().path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(((io.modelcontextprotocol.modern.McpSchema.TextContent) sdkEcho.content().get(0)).text())
                .contains("sdk 2026");
    }
}
