package io.mcpfleet.router.routing;

import static io.mcpfleet.router.routing.RoutingFixture.JSON;
import static io.mcpfleet.router.routing.RoutingFixture.call;
import static io.mcpfleet.router.routing.RoutingFixture.tool;
import static io.mcpfleet.router.upstream.FakeUpstream.result;
import static io.mcpfleet.router.upstream.FakeUpstream.status;
import static io.mcpfleet.router.upstream.FakeUpstream.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.upstream.UpstreamExchange;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The routing core on fakes: attempts, replays, session retries, breakers. */
class CallRouterTest {

    private final RoutingFixture fixture = new RoutingFixture();

    @Test
    void aCallReachesTheOwningServiceUnderTheToolsOwnNameAndTheClientsId() {
        fixture.service("svc", "stateful", "auto", "a");
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        fixture.router().call(fixture.client("{}"), call(7, "svc__echo"), tool("svc", "echo", false), reply);

        JsonNode sent = fixture.backends.instance("a").received("tools/call").get(0);
        assertThat(sent.path("params").path("name").asString()).isEqualTo("echo");
        assertThat(sent.path("id").asInt()).isEqualTo(7);
        assertThat(JSON.readTree(reply.response).path("id").asInt()).isEqualTo(7);
        assertThat(fixture.recorded).containsExactly("svc/echo/ok");
    }

    @Test
    void aStatelessCallGoesOutUnderARouterIdAndComesBackUnderTheClientsOwn() {
        fixture.service("svc", "stateless", "auto", "a");
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        fixture.router().call(fixture.client("{}"), call("mine", "svc__echo"), tool("svc", "echo", false), reply);

        JsonNode sent = fixture.backends.instance("a").received("tools/call").get(0);
        assertThat(sent.path("id").asString()).isNotEqualTo("mine");
        assertThat(JSON.readTree(reply.response).path("id").asString()).isEqualTo("mine");
    }

    @Test
    void statelessCallsShareAPooledSessionWithClientsOfTheSameCapabilitiesOnly() {
        fixture.service("svc", "stateless", "auto", "a");
        RoutingFixture.Client asks = fixture.client("{\"elicitation\":{},\"roots\":{\"listChanged\":true}}");
        RoutingFixture.Client alsoAsks = fixture.client("{\"elicitation\":{}}");
        RoutingFixture.Client plain = fixture.client("{\"roots\":{}}");

        for (RoutingFixture.Client client : List.of(asks, alsoAsks, plain, asks)) {
            fixture.router().call(client, call(1, "svc__echo"), tool("svc", "echo", false), new RoutingFixture.Reply());
        }

        assertThat(fixture.backends.instance("a").initialized()).extracting(i -> i.path("params").path("capabilities")
                .toString()).containsExactly("{\"elicitation\":{}}", "{}");
        assertThat(fixture.backends.instance("a").initialized()).allSatisfy(i -> assertThat(i.path("params")
                .path("clientInfo").path("name").asString()).isEqualTo("mcp-fleet-tool-router"));
        assertThat(fixture.backends.instance("a").received("tools/call")).hasSize(4);
    }

    @Test
    void aStatefulBindingPresentsTheClientItself() {
        fixture.service("svc", "stateful", "auto", "a");

        fixture.router().call(fixture.client("{\"roots\":{\"listChanged\":true}}"), call(1, "svc__echo"),
                tool("svc", "echo", false), new RoutingFixture.Reply());

        JsonNode init = fixture.backends.instance("a").initialized().get(0).path("params");
        assertThat(init.path("capabilities").toString()).isEqualTo("{\"roots\":{\"listChanged\":true}}");
        assertThat(init.path("clientInfo").path("name").asString()).isEqualTo("test");
    }

    @Test
    void aFailedCallOfAnIdempotentToolIsReplayedOnAnotherInstance() {
        fixture.service("svc", "stateless", "auto", "a", "b");
        fixture.backends.instance("a").answering(request -> status(500));
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        fixture.router().call(fixture.client("{}"), call(1, "svc__read"), tool("svc", "read", true), reply);

        assertThat(fixture.backends.instance("a").received("tools/call")).hasSize(1);
        assertThat(fixture.backends.instance("b").received("tools/call")).hasSize(1);
        assertThat(reply.response).contains("\"text\":\"b\"");
        assertThat(fixture.recorded).containsExactly("svc/read/ok");
    }

    @Test
    void aFailedCallOfAToolThatMayNotBeSafeIsNotReplayed() {
        fixture.service("svc", "stateless", "auto", "a", "b");
        fixture.backends.instance("a").answering(request -> status(500));

        RouteFailure failure = catchThrowableOfType(RouteFailure.class, () -> fixture.router()
                .call(fixture.client("{}"), call(1, "svc__write"), tool("svc", "write", false),
                        new RoutingFixture.Reply()));

        assertThat(failure.reason()).isEqualTo(Reason.BACKEND_ERROR);
        assertThat(failure.getMessage()).isEqualTo("tool svc__write failed: instance a answered HTTP 500 to tools/call");
        assertThat(fixture.backends.instance("b").received("tools/call")).isEmpty();
        assertThat(fixture.recorded).containsExactly("svc/write/backend_error");
    }

    @Test
    void retryAlwaysReplaysAnyTool() {
        fixture.service("svc", "stateless", "always", "a", "b");
        fixture.backends.instance("a").answering(request -> status(500));
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        fixture.router().call(fixture.client("{}"), call(1, "svc__write"), tool("svc", "write", false), reply);

        assertThat(reply.response).contains("\"text\":\"b\"");
    }

    @Test
    void aCallIsNotReplayedOnceSomethingOfItReachedTheClient() {
        fixture.service("svc", "stateless", "always", "a", "b");
        // A progress notification, then the stream ends without a response.
        fixture.backends.instance("a").answering(request -> stream(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"tok\","
                        + "\"progress\":1}}"));
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        RouteFailure failure = catchThrowableOfType(RouteFailure.class, () -> fixture.router()
                .call(fixture.client("{}"), call(1, "svc__read"), tool("svc", "read", true), reply));

        assertThat(failure.reason()).isEqualTo(Reason.STREAM_CLOSED);
        assertThat(reply.intermediate).hasSize(1);
        assertThat(fixture.backends.instance("b").received("tools/call")).isEmpty();
    }

    @Test
    void aRejectedCallIsNotReplayedAndDoesNotCountAgainstTheInstance() {
        fixture.service("svc", "stateless", "always", "a", "b");
        fixture.backends.instance("a").answering(request -> status(400));

        for (int i = 0; i < 3; i++) {
            catchThrowableOfType(RouteFailure.class, () -> fixture.router().call(fixture.client("{}"),
                    call(1, "svc__read"), tool("svc", "read", true), new RoutingFixture.Reply()));
            // round robin: the next call goes to b, the one after to a again
            fixture.router().call(fixture.client("{}"), call(2, "svc__read"), tool("svc", "read", true),
                    new RoutingFixture.Reply());
        }

        assertThat(fixture.backends.instance("a").received("tools/call")).hasSize(3);
        assertThat(fixture.breakers.of("svc", "a").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aBackendThatForgotTheSessionGetsANewOneAndTheSameCallOnceWhateverTheTool() {
        fixture.service("svc", "stateful", "never", "a");
        RoutingFixture.Client client = fixture.client("{}");
        fixture.router().call(client, call(1, "svc__write"), tool("svc", "write", false), new RoutingFixture.Reply());
        fixture.backends.instance("a").forgetSessions();
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        fixture.router().call(client, call(2, "svc__write"), tool("svc", "write", false), reply);

        assertThat(fixture.backends.instance("a").initialized()).hasSize(2);
        assertThat(fixture.backends.instance("a").received("tools/call")).hasSize(2);
        assertThat(JSON.readTree(reply.response).path("id").asInt()).isEqualTo(2);
    }

    @Test
    void aPooledSessionTheBackendForgotIsReplacedForTheSameCall() {
        fixture.service("svc", "stateless", "never", "a");
        fixture.router().call(fixture.client("{}"), call(1, "svc__write"), tool("svc", "write", false),
                new RoutingFixture.Reply());
        fixture.backends.instance("a").forgetSessions();
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        fixture.router().call(fixture.client("{}"), call(2, "svc__write"), tool("svc", "write", false), reply);

        assertThat(fixture.backends.instance("a").initialized()).hasSize(2);
        assertThat(reply.response).contains("\"text\":\"a\"");
    }

    @Test
    void whenEveryCircuitIsOpenTheCallFailsAtOnceSayingWhenToTryAgain() {
        fixture.service("svc", "stateless", "never", "a");
        fixture.backends.instance("a").answering(request -> status(503));
        for (int i = 0; i < 2; i++) {
            catchThrowableOfType(RouteFailure.class, () -> fixture.router().call(fixture.client("{}"),
                    call(1, "svc__read"), tool("svc", "read", true), new RoutingFixture.Reply()));
        }
        fixture.clock.advance(Duration.ofSeconds(4));

        RouteFailure failure = catchThrowableOfType(RouteFailure.class, () -> fixture.router().call(
                fixture.client("{}"), call(2, "svc__read"), tool("svc", "read", true), new RoutingFixture.Reply()));

        assertThat(failure.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(failure.retryAfterMillis()).isEqualTo(6_000L);
        assertThat(fixture.backends.instance("a").received("tools/call")).hasSize(2);
        assertThat(fixture.recorded).endsWith("svc/read/circuit_open");
    }

    @Test
    void anInstanceThatCannotBeReachedIsSkippedForAnotherWhenTheCallIsSafe() {
        fixture.service("svc", "stateful", "auto", "a", "b");
        fixture.backends.instance("a").unreachable(true);
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        fixture.router().call(fixture.client("{}"), call(1, "svc__read"), tool("svc", "read", true), reply);

        assertThat(reply.response).contains("\"text\":\"b\"");
    }

    @Test
    void aServerRequestDuringACallReachesTheClientUnderARouterId() {
        fixture.service("svc", "stateless", "auto", "a");
        fixture.backends.instance("a").answering(request -> stream(
                "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"elicitation/create\",\"params\":{}}",
                result(request, "{\"content\":[]}")));
        RoutingFixture.Client client = fixture.client("{\"elicitation\":{}}");
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        fixture.router().call(client, call(1, "svc__ask"), tool("svc", "ask", false), reply);

        assertThat(reply.intermediate).singleElement().satisfies(m -> assertThat(JSON.readTree(m).path("id").asString())
                .isEqualTo("fleet-1"));
        assertThat(client.serverRequests).containsEntry("\"fleet-1\"", "41");
    }

    @Test
    void aToolListChangeOnACallsStreamIsTheRoutersToAnnounce() {
        fixture.service("svc", "stateless", "auto", "a");
        fixture.backends.instance("a").answering(request -> stream(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}",
                result(request, "{\"content\":[]}")));
        RoutingFixture.Reply reply = new RoutingFixture.Reply();

        fixture.router().call(fixture.client("{}"), call(1, "svc__echo"), tool("svc", "echo", false), reply);

        assertThat(reply.intermediate).isEmpty();
        assertThat(fixture.relearned).containsExactly("svc");
    }

    @Test
    void aCallTheBackendDoesNotAnswerInTimeIsACallTimeout() {
        fixture.service("svc", "stateless", "always", "a");
        fixture.backends.instance("a").answering(request -> List.of(new UpstreamExchange.Head(200, true, null),
                UpstreamExchange.TIMEOUT));

        RouteFailure failure = catchThrowableOfType(RouteFailure.class, () -> fixture.router().call(
                fixture.client("{}"), call(1, "svc__slow"), tool("svc", "slow", true), new RoutingFixture.Reply()));

        assertThat(failure.reason()).isEqualTo(Reason.CALL_TIMEOUT);
        assertThat(failure.getMessage()).startsWith("tool svc__slow did not finish within 10000 ms");
    }
}
