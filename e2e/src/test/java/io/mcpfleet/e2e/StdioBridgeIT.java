package io.mcpfleet.e2e;

import io.mcpfleet.testsupport.RawResponse;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawModernMcp;
import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The manager's bridge to stdio servers, end to end through the router, with a tiny stdio server
 * (TestImages.stdioEcho) that also plays the bad ones: many sessions on one process, progress,
 * cancellation, a server request, a process killed mid-call, both sleep modes, and stdout that is
 * garbage, half lines, a huge line, no answer to initialize, or nothing at all; and, with the
 * router's input-round timeout cut to 2 s, questions across eras that are never answered.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StdioBridgeIT {

    private static final String DECLARED_ECHO = "tools: [{name: echo}]";

    /** Short, so that the input-round timeout tests wait 2 s, not the default 60. */
    private static final String INPUTS_TIMEOUT = "2s";

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().apiToken("bridge-it")
            .routerArg("--fleet.inputs.timeout=" + INPUTS_TIMEOUT).services("""
            x-echo: &echo
              image: %s
              transport: stdio
            services:
              echo:
                <<: *echo
                sleep_policy: {enabled: false}
              killable:
                <<: *echo
                sleep_policy: {enabled: false}
              garbage:
                <<: *echo
                environment: {MODE: garbage}
              huge:
                <<: *echo
                environment: {MODE: huge, HUGE_BYTES: "2000000"}
                stdio: {max_message_size: 1MiB}
              silent:
                <<: *echo
                environment: {MODE: silent}
                health: {startup_timeout: 3s}
                routing: {wake_timeout: 5s}
                %s
              quitter:
                <<: *echo
                environment: {MODE: exit}
                routing: {wake_timeout: 5s}
                %s
              paused:
                <<: *echo
                sleep_policy: {mode: pause, idle_timeout: 2s}
              stopped:
                <<: *echo
                sleep_policy: {mode: stop, idle_timeout: 2s}
              modern:
                <<: *echo
                environment: {MODE: modern}
                sleep_policy: {enabled: false}
            """.formatted(TestImages.stdioEcho(), DECLARED_ECHO, DECLARED_ECHO)).build();

    private static String echo(McpSyncClient client, String service, String text) {
        return text(call(client, service + "__echo", Map.of("text", text)));
    }

    @Test
    void twentySessionsCallingOneProcessAtOnceEachGetTheirOwnAnswer() throws Exception {
        FLEET.awaitTools("echo__slow");
        List<RawMcp.Session> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sessions.add(FLEET.raw().withOwnConnections().initialize());
        }
        ExecutorService callers = Executors.newFixedThreadPool(20);
        List<CompletableFuture<RawResponse>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawMcp.Session session = sessions.get(i);
                String args = "{\"text\":\"caller-" + i + "\",\"ms\":500}";
                answers.add(CompletableFuture.supplyAsync(() -> session.call("echo__slow", args), callers));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }

        for (int i = 0; i < 20; i++) {
            JsonNode answer = answers.get(i).join().answer();
            assertThat(answer.path("result").path("content").get(0).path("text").asString()).as(answer.toString())
                    .isEqualTo("caller-" + i);
        }
        assertThat(FLEET.containers().running("echo")).as("one process served them all").hasSize(1);
    }

    @Test
    void progressReachesTheCallerUnderItsOwnTokenBeforeTheResult() {
        FLEET.awaitTools("echo__slow");
        RawMcp.Session session = FLEET.raw().initialize();

        RawResponse response = session.callWithProgress("echo__slow", "{\"text\":\"done\",\"ms\":400,\"steps\":4}",
                "tok-stdio");

        List<JsonNode> messages = response.messages();
        assertThat(response.isSse()).as(response.toString()).isTrue();
        assertThat(messages.subList(0, messages.size() - 1)).as(response.toString()).hasSize(4).allSatisfy(p -> {
            assertThat(p.path("method").asString()).isEqualTo("notifications/progress");
            assertThat(p.path("params").path("progressToken").asString()).isEqualTo("tok-stdio");
        });
        assertThat(response.answer().path("result").path("content").get(0).path("text").asString()).isEqualTo("done");
    }

    @Test
    void aCancelledCallIsCancelledAtTheServer() throws Exception {
        FLEET.awaitTools("echo__slow");
        RawMcp.Session session = FLEET.raw().initialize();
        String[] headers = {"Mcp-Session-Id", session.id(), "MCP-Protocol-Version", RawMcp.PROTOCOL};
        CompletableFuture<RawResponse> slow = CompletableFuture.supplyAsync(() -> FLEET.raw().withOwnConnections()
                .post("{\"jsonrpc\":\"2.0\",\"id\":\"to-cancel\",\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"echo__slow\",\"arguments\":{\"text\":\"never\",\"ms\":30000}}}", headers));
        Thread.sleep(1000);

        RawResponse cancelled = FLEET.raw().post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":\"to-cancel\",\"reason\":\"changed my mind\"}}", headers);

        assertThat(cancelled.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> FLEET.managerProcess().output()
                .contains("stdio-echo: cancelled request"));
        assertThat(slow.get(20, TimeUnit.SECONDS).body()).doesNotContain("never");
    }

    @Test
    void aServerRequestReachesTheClientOfTheOnlyCallInFlight() {
        FLEET.awaitTools("echo__sample");
        McpSyncClient client = FLEET.client(spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(request -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT,
                        "sampled: " + ((McpSchema.TextContent) request.messages().get(0).content()).text(),
                        "test-model").build()));

        CallToolResult result = call(client, "echo__sample", Map.of("prompt", "a haiku"));

        assertThat(text(result)).isEqualTo("sampled: a haiku");
    }

    /**
     * fleet.inputs.timeout (2 s here): a 2026-07-28 client that never retries after the
     * {@code input_required} standing for a 2025 stdio server's sampling request loses the round;
     * the server's call is cancelled at the server and the state is refused afterwards.
     */
    @Test
    void aModernClientThatNeverRetriesLosesTheRoundAndTheServersCallIsCancelled() {
        FLEET.awaitTools("echo__sample");
        RawModernMcp client = RawModernMcp.to(FLEET.raw()).withCapabilities("{\"sampling\":{}}");

        JsonNode round = client.call("echo__sample", "{\"prompt\":\"never answered\"}").answer().path("result");
        String state = round.path("requestState").asString();
        String key = round.path("inputRequests").propertyNames().iterator().next();
        await().atMost(Duration.ofSeconds(30)).until(() -> FLEET.routerProcess().output()
                .contains("no 2026-07-28 retry answered a server's sampling/createMessage within"));
        RawResponse late = client.request("tools/call", "\"name\":\"echo__sample\",\"arguments\":{\"prompt\":"
                + "\"never answered\"},\"inputResponses\":{\"" + key + "\":{\"role\":\"assistant\",\"content\":"
                + "{\"type\":\"text\",\"text\":\"too late\"},\"model\":\"m\"}},\"requestState\":\"" + state + "\"",
                "echo__sample");

        assertThat(round.path("resultType").asString()).isEqualTo("input_required");
        assertThat(late.status()).as(late.toString()).isEqualTo(400);
        assertThat(late.answer().path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(late.answer().path("error").path("message").asString()).contains("unknown to this router or expired");
        await().atMost(Duration.ofSeconds(30)).until(() -> FLEET.managerProcess().output()
                .contains("cancelled sampling request") && FLEET.managerProcess().output()
                .contains("(prompt: never answered)"));
    }

    /**
     * A 2026-07-28 stdio server (stdio-echo MODE=modern, which asks without checking what the client
     * declared) asks a 2025 session for an elicitation it did not declare: the router's own error.
     */
    @Test
    void a2025ClientWithoutTheCapabilityGetsTheRoutersErrorForAModernServersQuestion() {
        FLEET.awaitTools("modern__ask");

        RawResponse refused = FLEET.raw().initialize().call("modern__ask", "{\"question\":\"colour?\"}");

        JsonNode error = refused.answer().path("error");
        assertThat(refused.status()).isLessThan(500);
        assertThat(error.path("code").asInt()).as(refused.toString()).isEqualTo(-32600);
        assertThat(error.path("message").asString()).contains("the server needs elicitation/create",
                "declared no elicitation capability");
    }

    /** The same with the capability: an answer in time completes the call; none within 2 s is an error, not a hang. */
    @Test
    void a2025ClientAnswersAModernServersQuestionInTimeOrTheCallIsGivenUp() {
        FLEET.awaitTools("modern__ask");
        McpSyncClient prompt = FLEET.client(spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("answer", "blue"))));
        McpSyncClient slow = FLEET.client(spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    sleep(Duration.ofSeconds(4));
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("answer", "late"));
                }));

        CallToolResult answered = call(prompt, "modern__ask", Map.of("question", "colour?"));
        Throwable givenUp = catchThrowable(() -> call(slow, "modern__ask", Map.of("question", "shape?")));

        assertThat(text(answered)).isEqualTo("heard blue (state ask:colour?)");
        assertThat(givenUp).as("a JSON-RPC error").isNotNull().hasMessageContaining(
                "the client did not answer elicitation/create within 2 s");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aProcessKilledMidCallFailsTheCallRetryablyAndIsReplaced() throws Exception {
        FLEET.awaitTools("killable__slow");
        McpSyncClient client = FLEET.client();
        echo(client, "killable", "warm");
        String victim = FLEET.containers().runningIds("killable").get(0);
        RawMcp.Session session = FLEET.raw().initialize();
        CompletableFuture<RawResponse> inFlight = CompletableFuture.supplyAsync(() ->
                session.call("killable__slow", "{\"text\":\"never\",\"ms\":30000}"));
        Thread.sleep(1000);

        FLEET.containers().kill(victim);

        JsonNode error = inFlight.get(30, TimeUnit.SECONDS).answer().path("error");
        assertThat(error.path("data").path("retryable").asBoolean()).as(error.toString()).isTrue();
        assertThat(error.path("data").path("reason").asString()).isEqualTo("stream_closed");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> routable = FLEET.managerApi().routableIds("killable");
            return !routable.isEmpty() && !routable.contains(victim);
        });
        assertThat(echo(FLEET.client(), "killable", "again")).isEqualTo("again");
    }

    @Test
    void garbageAndHalfLinesOnStdoutAreSkippedAndTheAnswersStillArrive() {
        FLEET.awaitTools("garbage__echo");
        McpSyncClient client = FLEET.client();

        assertThat(echo(client, "garbage", "first")).isEqualTo("first");
        assertThat(echo(client, "garbage", "second")).isEqualTo("second");
        assertThat(FLEET.managerProcess().output()).contains("skipped a line that is not a JSON object on stdout");
    }

    @Test
    void aLineLongerThanTheLimitIsDroppedAndTheCallsGoOn() {
        FLEET.awaitTools("huge__echo");

        assertThat(echo(FLEET.client(), "huge", "small")).isEqualTo("small");
        assertThat(FLEET.managerProcess().output()).contains("longer than its stdio.max_message_size");
    }

    @Test
    void aServerThatNeverAnswersInitializeIsNeverRoutedTo() {
        RawResponse response = FLEET.raw().initialize().call("silent__echo", "{\"text\":\"anyone?\"}");

        JsonNode error = response.answer().path("error");
        assertThat(error.path("data").path("retryable").asBoolean()).as(response.toString()).isTrue();
        assertThat(FLEET.managerApi().routableIds("silent")).isEmpty();
    }

    @Test
    void aServerThatExitsAtOnceFailsItsStartWithTheReason() {
        RawResponse response = FLEET.raw().initialize().call("quitter__echo", "{\"text\":\"anyone?\"}");

        JsonNode error = response.answer().path("error");
        assertThat(error.path("data").path("retryable").asBoolean()).as(response.toString()).isTrue();
        assertThat(FLEET.managerApi().routableIds("quitter")).isEmpty();
        assertThat(FLEET.managerProcess().output()).contains("stdio-echo: exiting at once");
    }

    @Test
    void pauseModeSleepKeepsTheProcessTheAttachmentAndTheSession() {
        FLEET.awaitTools("paused__echo");
        McpSyncClient client = FLEET.client();
        assertThat(echo(client, "paused", "before")).isEqualTo("before");
        String id = FLEET.containers().runningIds("paused").get(0);
        awaitSleeping("paused");

        String after = echo(client, "paused", "after");

        assertThat(after).isEqualTo("after");
        assertThat(FLEET.containers().runningIds("paused")).containsExactly(id);
        assertThat(initializations(id)).as("a paused process is not initialized again").isEqualTo(1);
    }

    @Test
    void stopModeSleepEndsTheProcessAndAWakeInitializesANewOne() {
        FLEET.awaitTools("stopped__echo");
        McpSyncClient client = FLEET.client();
        assertThat(echo(client, "stopped", "before")).isEqualTo("before");
        String id = FLEET.containers().runningIds("stopped").get(0);
        // Not always 1: under load the process the router started to learn its tools may have slept
        // (idle 2 s) before "before", which then woke it.
        int initialized = initializations(id);
        awaitSleeping("stopped");
        assertThat(FLEET.containers().all("stopped")).extracting(Container::getState).containsExactly("exited");

        String after = echo(client, "stopped", "after");

        assertThat(after).isEqualTo("after");
        assertThat(FLEET.containers().runningIds("stopped")).containsExactly(id);
        assertThat(initializations(id)).as("a new process, initialized again").isEqualTo(initialized + 1);
    }

    private static void awaitSleeping(String service) {
        await().atMost(Duration.ofSeconds(60)).until(() -> FLEET.managerApi().status(service).state()
                == ServiceState.SLEEPING);
    }

    /** How often the manager initialized the server of a container. */
    private static int initializations(String containerId) {
        Matcher m = Pattern.compile("instance " + containerId.substring(0, 12) + ": initialized stdio-echo")
                .matcher(FLEET.managerProcess().output());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
