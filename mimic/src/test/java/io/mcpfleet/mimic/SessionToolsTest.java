package io.mcpfleet.mimic;

import static io.mcpfleet.mimic.TestClients.call;
import static io.mcpfleet.mimic.TestClients.callText;
import static io.mcpfleet.mimic.TestClients.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.Root;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/** The tools of a stateful mimic, driven by the MCP SDK client over real HTTP. */
class SessionToolsTest {

    static RunningMimic mimic;

    @BeforeAll
    static void start() {
        mimic = Mimic.start(MimicOptions.defaults().withId("mimic-a").withFailEvery(3));
    }

    @AfterAll
    static void stop() {
        mimic.close();
    }

    @Test
    void listsEveryToolWithSchemaAndRetryHints() {
        try (McpSyncClient client = connect(mimic)) {

            Map<String, Tool> tools = byName(client.listTools().tools());

            assertThat(tools).containsKeys("echo", "whoami", "slow", "fail", "error", "flaky", "flaky_read", "write",
                    "counter", "progress", "log", "sample", "elicit", "roots", "crash", "hang", "big",
                    "notify_tools_changed");
            assertThat(tools.get("echo").inputSchema()).containsEntry("required", List.of("text"));
            assertThat(tools.get("echo").annotations().readOnlyHint()).isTrue();
            assertThat(tools.get("echo").annotations().idempotentHint()).isTrue();
            assertThat(tools.get("slow").annotations().idempotentHint()).isTrue();
            assertThat(tools.get("flaky").annotations().idempotentHint()).isFalse();
            assertThat(tools.get("flaky").annotations().destructiveHint()).isFalse();
            assertThat(tools.get("write").annotations().readOnlyHint()).isFalse();
            assertThat(tools.get("write").annotations().idempotentHint()).isFalse();
            assertThat(tools.get("sample").annotations()).isNull();
        }
    }

    @Test
    void echoReturnsTheTextAndStructuredContentWithTheId() {
        try (McpSyncClient client = connect(mimic)) {

            CallToolResult result = call(client, "echo", Map.of("text", "hello"));

            assertThat(TestClients.text(result)).isEqualTo("hello");
            assertThat(result.isError()).isFalse();
            assertThat(result.structuredContent()).isEqualTo(Map.of("text", "hello", "id", "mimic-a"));
        }
    }

    @Test
    void whoamiNamesTheInstance() {
        try (McpSyncClient client = connect(mimic)) {

            assertThat(callText(client, "whoami", Map.of())).isEqualTo("mimic-a");
        }
    }

    @Test
    void counterCountsPerSession() {
        try (McpSyncClient first = connect(mimic); McpSyncClient second = connect(mimic)) {

            List<String> firstCounts = List.of(callText(first, "counter", Map.of()),
                    callText(first, "counter", Map.of()), callText(first, "counter", Map.of()));
            String secondCount = callText(second, "counter", Map.of());

            assertThat(firstCounts).containsExactly("1", "2", "3");
            assertThat(secondCount).isEqualTo("1");
        }
    }

    @Test
    void progressNotificationsPrecedeTheResultOnTheCallsStream() {
        RawMcp.Session session = RawMcp.to(mimic.mcpUrl()).initialize();

        RawResponse answer = session.post("""
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"progress",\
                "arguments":{"steps":3,"ms":1},"_meta":{"progressToken":"token-1"}}}""");

        List<String> messages = answer.body().lines().filter(l -> l.startsWith("data:")).toList();
        assertThat(messages).hasSize(4);
        assertThat(messages.subList(0, 3)).allSatisfy(m -> assertThat(m)
                .contains("\"method\":\"notifications/progress\"").contains("\"progressToken\":\"token-1\""));
        assertThat(messages.get(3)).contains("\"id\":5").contains("done 3 steps");
    }

    @Test
    void progressNotificationsReachAnSdkClient() throws InterruptedException {
        List<String> progress = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(3);
        try (McpSyncClient client = connect(mimic, spec -> spec.progressConsumer(p -> {
            progress.add(progressLine(p));
            all.countDown();
        }))) {

            CallToolResult result = client.callTool(CallToolRequest.builder("progress")
                    .arguments(Map.of("steps", 3, "ms", 1)).progressToken("token-2").build());

            assertThat(TestClients.text(result)).isEqualTo("done 3 steps");
            // The SDK client hands notifications to its consumers asynchronously, in no fixed order.
            assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(progress).containsExactlyInAnyOrder("token-2 1/3", "token-2 2/3", "token-2 3/3");
        }
    }

    @Test
    void logSendsALoggingNotification() throws InterruptedException {
        List<LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
        CountDownLatch logged = new CountDownLatch(1);
        try (McpSyncClient client = connect(mimic, spec -> spec.loggingConsumer(log -> {
            logs.add(log);
            logged.countDown();
        }))) {

            call(client, "log", Map.of("level", "warning", "message", "disk almost full"));

            assertThat(logged.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(logs).singleElement().satisfies(log -> {
                assertThat(log.level().name()).isEqualTo("WARNING");
                assertThat(log.data()).isEqualTo("disk almost full");
            });
        }
    }

    @Test
    void sampleAsksTheClientAndReturnsItsAnswer() {
        Function<io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest, CreateMessageResult> llm =
                request -> CreateMessageResult.builder(Role.ASSISTANT,
                        "answer to " + ((TextContent) request.messages().get(0).content()).text(), "fake").build();
        try (McpSyncClient client = connect(mimic, spec -> spec
                .capabilities(ClientCapabilities.builder().sampling().build()).sampling(llm))) {

            assertThat(callText(client, "sample", Map.of("prompt", "2+2?"))).isEqualTo("answer to 2+2?");
        }
    }

    @Test
    void elicitAsksTheClientAndReturnsItsAction() {
        try (McpSyncClient client = connect(mimic, spec -> spec
                .capabilities(ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("answer", "blue"))))) {

            CallToolResult result = call(client, "elicit", Map.of("message", "favourite colour?"));

            assertThat(result.structuredContent()).isEqualTo(Map.of("action", "accept",
                    "content", Map.of("answer", "blue")));
        }
    }

    @Test
    void rootsReturnsTheClientsRoots() {
        try (McpSyncClient client = connect(mimic, spec -> spec
                .capabilities(ClientCapabilities.builder().roots(true).build())
                .roots(new Root("file:///work", "work")))) {

            assertThat(callText(client, "roots", Map.of())).isEqualTo("file:///work");
        }
    }

    @Test
    void failAnswersAToolErrorAndErrorAnswersAJsonRpcError() {
        try (McpSyncClient client = connect(mimic)) {

            CallToolResult failed = call(client, "fail", Map.of("message", "no luck"));

            assertThat(failed.isError()).isTrue();
            assertThat(TestClients.text(failed)).isEqualTo("no luck");
            assertThatThrownBy(() -> call(client, "error", Map.of("message", "boom")))
                    .isInstanceOfSatisfying(McpError.class, e -> {
                        assertThat(e.getJsonRpcError().code()).isEqualTo(-32603);
                        assertThat(e.getJsonRpcError().message()).isEqualTo("boom");
                    });
        }
    }

    @Test
    void flakyFailsEveryNthCallOfThisInstance() {
        try (McpSyncClient client = connect(mimic)) {

            List<String> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                try {
                    call(client, "flaky", Map.of());
                    outcomes.add("ok");
                } catch (McpError e) {
                    outcomes.add(String.valueOf(e.getJsonRpcError().code()));
                }
            }

            assertThat(outcomes).containsExactly("ok", "ok", "-32603", "ok", "ok", "-32603");
        }
    }

    @Test
    void writeStoresAndBigReturnsTheAskedSize() {
        try (McpSyncClient client = connect(mimic)) {

            assertThat(callText(client, "write", Map.of("key", "k", "value", "v1"))).isEqualTo("created k");
            assertThat(callText(client, "write", Map.of("key", "k", "value", "v2"))).isEqualTo("replaced k");
            assertThat(callText(client, "big", Map.of("kb", 3))).hasSize(3 * 1024);
        }
    }

    @Test
    void badArgumentsAreRejectedBeforeTheToolRuns() {
        try (McpSyncClient client = connect(mimic)) {

            CallToolResult result = call(client, "slow", Map.of("ms", "soon"));

            assertThat(result.isError()).isTrue();
        }
    }

    @Test
    void notifyToolsChangedAddsExtraAndTellsTheSession() throws InterruptedException {
        CountDownLatch told = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = connect(mimic, spec -> spec.toolsChangeConsumer(tools -> {
            tools.forEach(t -> seen.add(t.name()));
            told.countDown();
        }))) {

            call(client, "notify_tools_changed", Map.of());

            assertThat(told.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).contains("extra");
            assertThat(callText(client, "extra", Map.of())).isEqualTo("extra");
        }
    }

    @Test
    void countsTheCallsItReceives() {
        try (McpSyncClient client = connect(mimic)) {
            long before = mimic.callsReceived();
            long echoesBefore = mimic.callsReceived("echo");

            call(client, "echo", Map.of("text", "a"));
            call(client, "whoami", Map.of());

            assertThat(mimic.callsReceived()).isGreaterThanOrEqualTo(before + 2);
            assertThat(mimic.callsReceived("echo")).isGreaterThanOrEqualTo(echoesBefore + 1);
        }
    }

    private static String progressLine(ProgressNotification p) {
        return p.progressToken() + " " + p.progress().intValue() + "/" + p.total().intValue();
    }

    private static Map<String, Tool> byName(List<Tool> tools) {
        return tools.stream().collect(java.util.stream.Collectors.toMap(Tool::name, t -> t));
    }
}
