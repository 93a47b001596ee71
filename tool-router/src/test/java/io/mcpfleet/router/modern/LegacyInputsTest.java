package io.mcpfleet.router.modern;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.routing.CallContext;
import io.mcpfleet.router.routing.ReplySink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The rounds a 2025 client is asked for a modern server's input_required, with the server and client faked. */
class LegacyInputsTest {

    private static final EnvelopeScanner SCANNER = new EnvelopeScanner(64);
    private static final String ASK = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"resultType\":\"input_required\","
            + "\"inputRequests\":{\"answer\":{\"method\":\"elicitation/create\",\"params\":{\"mode\":\"form\","
            + "\"message\":\"colour?\",\"requestedSchema\":{\"type\":\"object\"}}}},\"requestState\":\"s1\"}}";
    private static final String DONE = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}";

    private final LegacyInputs inputs = new LegacyInputs(SCANNER, Duration.ofSeconds(5));
    private final Envelope request = SCANNER.scan(bytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"nova__ask\",\"arguments\":{}}}"));
    private final Recorder reply = new Recorder();
    private final List<Envelope> attempts = new ArrayList<>();
    private final List<String> pins = new ArrayList<>();

    /** A client that answers each request it is sent with {@code answer} (a whole JSON-RPC response body). */
    private Function<CompletableFuture<byte[]>, String> client(String answer) {
        return future -> {
            future.complete(bytes(answer));
            return "\"fleet-1\"";
        };
    }

    private LegacyInputs.Caller server(String... answers) {
        return (ctx, message, sink) -> {
            attempts.add(message);
            pins.add(ctx.pinnedInstance());
            sink.answeredBy("nova", "nova-2", true);
            sink.complete(bytes(answers[Math.min(attempts.size() - 1, answers.length - 1)]));
        };
    }

    @Test
    void anInputRoundIsAskedOfTheClientAndTheCallRetriedAtTheInstanceWithItsAnswers() {
        inputs.call(ctx(), "{\"elicitation\":{}}", client("{\"jsonrpc\":\"2.0\",\"id\":\"fleet-1\",\"result\":"
                + "{\"action\":\"accept\",\"content\":{\"answer\":\"blue\"}}}"), request, reply, server(ASK, DONE));

        assertThat(reply.intermediate).hasSize(1);
        JsonNode asked = JsonMapper.shared().readTree(reply.intermediate.get(0));
        assertThat(asked.path("method").asString()).isEqualTo("elicitation/create");
        assertThat(asked.path("id").asString()).isEqualTo("fleet-1");
        JsonNode retry = JsonMapper.shared().readTree(attempts.get(1).bytes()).path("params");
        assertThat(retry.path("requestState").asString()).isEqualTo("s1");
        assertThat(retry.path("inputResponses").path("answer").path("content").path("answer").asString())
                .isEqualTo("blue");
        assertThat(pins).containsExactly(null, "nova-2");
        assertThat(reply.completed).containsExactly(DONE);
    }

    @Test
    void aCapabilityTheClientDidNotDeclareIsAnErrorNamingIt() {
        inputs.call(ctx(), "{\"sampling\":{}}", client("{}"), request, reply, server(ASK));

        assertThat(reply.intermediate).isEmpty();
        JsonNode error = JsonMapper.shared().readTree(reply.completed.get(0)).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(LegacyInputs.CANNOT_ANSWER);
        assertThat(error.path("message").asString()).contains("elicitation/create", "no elicitation capability");
        assertThat(attempts).hasSize(1);
    }

    @Test
    void aClientsErrorAnswerEndsTheCallWithAnError() {
        inputs.call(ctx(), "{\"elicitation\":{}}", client("{\"jsonrpc\":\"2.0\",\"id\":\"fleet-1\",\"error\":"
                + "{\"code\":-1,\"message\":\"user closed the dialog\"}}"), request, reply, server(ASK));

        assertThat(JsonMapper.shared().readTree(reply.completed.get(0)).path("error").path("message").asString())
                .contains("user closed the dialog");
        assertThat(attempts).hasSize(1);
    }

    @Test
    void aServerThatNeverCompletesIsGivenUpAfterMaxRounds() {
        inputs.call(ctx(), "{\"elicitation\":{}}", client("{\"jsonrpc\":\"2.0\",\"id\":\"fleet-1\",\"result\":"
                + "{\"action\":\"decline\"}}"), request, reply, server(ASK));

        assertThat(attempts).hasSize(LegacyInputs.MAX_ROUNDS + 1);
        assertThat(reply.completed.get(0)).contains("did not complete");
    }

    @Test
    void aCompleteResultPassesUnchanged() {
        inputs.call(ctx(), "{}", client("{}"), request, reply, server(DONE));

        assertThat(reply.completed).containsExactly(DONE);
    }

    private static CallContext ctx() {
        return new PinnedContext(null, null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Recorder implements ReplySink {
        final List<String> intermediate = new ArrayList<>();
        final List<String> completed = new ArrayList<>();

        @Override
        public void intermediate(byte[] json) {
            intermediate.add(new String(json, StandardCharsets.UTF_8));
        }

        @Override
        public void complete(byte[] json) {
            completed.add(new String(json, StandardCharsets.UTF_8));
        }

        @Override
        public void abandon() {
        }

        @Override
        public boolean streamed() {
            return !intermediate.isEmpty();
        }
    }
}
