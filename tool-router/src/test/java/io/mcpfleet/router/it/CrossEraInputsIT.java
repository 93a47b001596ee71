package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.modern.InputRounds;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawModernMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A 2025 server's requests to a 2026-07-28 client (the stateful 2025 mimics of {@link TestFleet}:
 * {@code sample}, {@code elicit}, {@code roots}) carried as {@code input_required} rounds while the
 * server's call is held, by the Java SDK 2.2.0 modern client and by hand; and back: a 2026-07-28
 * server's {@code input_required} ({@code nova}, {@code novel}: the mimic's {@code ask} on the Java
 * SDK 2.2.0 modern server) asked of a 2025 Java SDK client as {@code elicitation/create}.
 */
class CrossEraInputsIT extends RouterTestBase {

    private static final String SAMPLED = "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Paris\"},"
            + "\"model\":\"test-model\",\"stopReason\":\"endTurn\"}";

    @BeforeEach
    void learned() {
        awaitTools("alpha__sample", "alpha__elicit", "alpha__roots", "beta__echo", "nova__ask", "novel__ask");
    }

    private RawModernMcp modern(String capabilities) {
        return RawModernMcp.to(RawMcp.to(mcpUrl())).withCapabilities(capabilities);
    }

    private static RawResponse retry(RawModernMcp client, String tool, String arguments, String responses,
                                     String state) {
        return client.request("tools/call", "\"name\":\"" + tool + "\",\"arguments\":" + arguments
                + ",\"inputResponses\":" + responses + ",\"requestState\":\"" + state + "\"", tool);
    }

    @Test
    void theJavaSdkModernClientAnswersA2025ServersElicitation() {
        McpSyncClient client = McpClient.sync(HttpClientMcpTransport.builder(mcpUrl()).build())
                .clientInfo(McpSchema.Implementation.builder("java-sdk-modern", "2.2.0").build())
                .formElicitation(request -> McpSchema.ElicitResult.accept(Map.of("answer", "octocat:"
                        + request.message())))
                .build();

        McpSchema.CallToolResult result = client.tool("alpha__elicit").arguments(Map.of("message", "login?")).call();

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("accept {answer=octocat:login?}");
    }

    @Test
    void samplingIsAnInputRoundAndTheRetryGetsTheServersResult() {
        RawModernMcp client = modern("{\"sampling\":{}}");

        RawResponse first = client.call("alpha__sample", "{\"prompt\":\"capital of France?\"}");

        JsonNode round = first.answer().path("result");
        assertThat(round.path("resultType").asString()).as(first.toString()).isEqualTo("input_required");
        String state = round.path("requestState").asString();
        assertThat(state).startsWith(InputRounds.PREFIX);
        String key = round.path("inputRequests").propertyNames().iterator().next();
        JsonNode asked = round.path("inputRequests").path(key);
        assertThat(asked.path("method").asString()).isEqualTo("sampling/createMessage");
        assertThat(asked.path("params").path("messages").toString()).contains("capital of France?");

        RawResponse done = retry(client, "alpha__sample", "{\"prompt\":\"capital of France?\"}",
                "{\"" + key + "\":" + SAMPLED + "}", state);

        assertThat(done.text()).as(done.toString()).isEqualTo("Paris");
        assertThat(done.answer().path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(done.answer().path("id").asLong()).isEqualTo(2);
    }

    @Test
    void rootsAreAnInputRoundToo() {
        RawModernMcp client = modern("{\"roots\":{}}");

        JsonNode round = client.call("alpha__roots", "{}").answer().path("result");
        String key = round.path("inputRequests").propertyNames().iterator().next();
        assertThat(round.path("inputRequests").path(key).path("method").asString()).isEqualTo("roots/list");

        RawResponse done = retry(client, "alpha__roots", "{}", "{\"" + key
                + "\":{\"roots\":[{\"uri\":\"file:///work/project\",\"name\":\"project\"}]}}",
                round.path("requestState").asString());

        assertThat(done.text()).as(done.toString()).isEqualTo("file:///work/project");
    }

    @Test
    void aRetryWithoutTheAnswerIsAskedAgainAsTheSpecificationSays() {
        RawModernMcp client = modern("{\"elicitation\":{}}");
        JsonNode round = client.call("alpha__elicit", "{\"message\":\"again?\"}").answer().path("result");
        String key = round.path("inputRequests").propertyNames().iterator().next();
        assertThat(round.path("inputRequests").path(key).path("params").path("mode").asString()).isEqualTo("form");

        RawResponse again = retry(client, "alpha__elicit", "{\"message\":\"again?\"}", "{}",
                round.path("requestState").asString());
        JsonNode second = again.answer().path("result");
        RawResponse done = retry(client, "alpha__elicit", "{\"message\":\"again?\"}", "{\"" + key
                + "\":{\"action\":\"accept\",\"content\":{\"answer\":\"yes\"}}}", second.path("requestState").asString());

        assertThat(second.path("resultType").asString()).as(again.toString()).isEqualTo("input_required");
        assertThat(second.path("inputRequests").has(key)).isTrue();
        assertThat(second.path("requestState").asString()).isNotEqualTo(round.path("requestState").asString());
        assertThat(done.text()).as(done.toString()).isEqualTo("accept {answer=yes}");
    }

    @Test
    void withoutTheCapabilityTheServerHearsWhyAndTheClientGetsTheServersAnswer() {
        RawResponse r = modern("{\"sampling\":{}}").call("alpha__elicit", "{\"message\":\"name?\"}");

        JsonNode answer = r.answer();
        assertThat(answer.path("result").path("resultType").asString()).isNotEqualTo("input_required");
        assertThat(answer.has("error") || answer.path("result").path("isError").asBoolean()).as(answer.toString())
                .isTrue();
    }

    @Test
    void anUnknownOrUsedRequestStateIsInvalidParams() {
        RawModernMcp client = modern("{\"elicitation\":{}}");

        RawResponse unknown = retry(client, "alpha__elicit", "{\"message\":\"x\"}", "{}",
                InputRounds.PREFIX + "not-issued");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.answer().path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(unknown.answer().path("error").path("message").asString()).contains("unknown to this router");
    }

    @Test
    void aRequestStateReplayedToAnotherServiceIsRefusedAndTheRoundStaysOpenForItsRetry() {
        RawModernMcp client = modern("{\"elicitation\":{}}");
        JsonNode round = client.call("alpha__elicit", "{\"message\":\"who?\"}").answer().path("result");
        String state = round.path("requestState").asString();
        String key = round.path("inputRequests").propertyNames().iterator().next();
        String answer = "{\"" + key + "\":{\"action\":\"accept\",\"content\":{\"answer\":\"me\"}}}";

        RawResponse replayed = retry(client, "beta__echo", "{\"text\":\"x\"}", answer, state);
        RawResponse noResponses = client.request("tools/call", "\"name\":\"alpha__elicit\",\"arguments\":"
                + "{\"message\":\"who?\"},\"inputResponses\":[1],\"requestState\":\"" + state + "\"", "alpha__elicit");
        RawResponse done = retry(client, "alpha__elicit", "{\"message\":\"who?\"}", answer, state);
        RawResponse used = retry(client, "alpha__elicit", "{\"message\":\"who?\"}", answer, state);

        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.answer().path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(replayed.answer().path("error").path("message").asString()).contains("alpha__elicit",
                "service alpha", "beta__echo", "service beta");
        assertThat(noResponses.status()).isEqualTo(400);
        assertThat(noResponses.answer().path("error").path("message").asString()).contains("inputResponses");
        assertThat(done.text()).as(done.toString()).isEqualTo("accept {answer=me}");
        assertThat(used.answer().path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void a2025ClientAnswersAModernServersInputRoundsAsElicitationsAtTheInstanceThatAsked() {
        var client = client(spec -> spec
                .capabilities(io.modelcontextprotocol.spec.McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new io.modelcontextprotocol.spec.McpSchema.ElicitResult(
                        io.modelcontextprotocol.spec.McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("answer", "blue for " + request.message()))));

        for (int round = 0; round < 4; round++) {
            // nova has two instances: the mimic serves a retry only on the one that issued the state.
            var stateful = call(client, "nova__ask", Map.of("question", "colour?"));
            var stateless = call(client, "novel__ask", Map.of("question", "shape?"));

            assertThat(stateful.isError()).as(text(stateful)).isNotEqualTo(Boolean.TRUE);
            assertThat(text(stateful)).startsWith("nova-").contains(" heard ", "blue for colour?");
            assertThat(text(stateless)).startsWith("novel-").contains("blue for shape?");
        }
    }

    /**
     * The Java SDK 2.2.0 modern server checks the capability itself and answers -32603 (its
     * "Internal error"), relayed as it is; the router's own error for a server that asks anyway is
     * {@code LegacyInputsTest}'s and, end to end, e2e {@code StdioBridgeIT}'s (stdio-echo MODE=modern asks anyway).
     */
    @Test
    void a2025ClientWithoutTheCapabilityGetsAJsonRpcErrorNotAHang() {
        var client = client();

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> call(client, "nova__ask", Map.of("question", "colour?")));

        assertThat(refused).as("a JSON-RPC error").isNotNull();
    }
}
