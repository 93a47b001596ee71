package io.mcpfleet.router.routing;

import static io.mcpfleet.router.routing.RoutingFixture.JSON;
import static io.mcpfleet.router.routing.RoutingFixture.call;
import static io.mcpfleet.router.routing.RoutingFixture.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.router.catalog.ToolEntry;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.upstream.HttpUpstream;
import io.mcpfleet.router.upstream.LocalMcpServer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link CallRouter#start}: calls started on a Netty event loop, against MCP servers over real HTTP
 * on 127.0.0.1 ({@link LocalMcpServer}), through the router's real upstream client.
 */
class CallRouterStartTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final HttpUpstream http = new HttpUpstream();
    private final RoutingFixture fixture = new RoutingFixture(http.client());
    private final List<LocalMcpServer> servers = new ArrayList<>();
    private final RoutingFixture.Client client = fixture.client("{}");

    @AfterEach
    void stop() {
        servers.forEach(LocalMcpServer::close);
        http.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aJsonAnswerCompletesOnTheLoopUnderTheClientsIdWithTheCallAccounted() throws Exception {
        LocalMcpServer a = serving("stateless", 10_000, "a").get(0);

        Started started = answered(call("mine", "svc__echo"), "echo", false);

        assertThat(started.endedOn).isEqualTo(loopThread());
        JsonNode sent = a.calls.get(1);
        assertThat(sent.path("params").path("name").asString()).isEqualTo("echo");
        assertThat(sent.path("id").asString()).isNotEqualTo("mine");
        JsonNode answer = JSON.readTree(started.reply.response);
        assertThat(answer.path("id").asString()).isEqualTo("mine");
        assertThat(text(started)).isEqualTo("a");
        assertThat(fixture.recorded).containsExactly("svc/echo/ok", "svc/echo/ok");
        assertThat(fixture.loopStarts).containsExactly("answered");
        assertThat(fixture.breakers.of("svc", "a").getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
        assertThat(fixture.tracker.of("svc").inFlight()).isZero();
        assertThat(fixture.tracker.of("svc").instance("a").inFlight()).isZero();
        assertThat(client.calls).isEmpty();
    }

    @Test
    void aStatefulCallOnItsBindingAndAChunkedAnswerCompleteOnTheLoopToo() throws Exception {
        LocalMcpServer a = serving("stateful", 10_000, "a").get(0);

        Started started = answered(call(9, "svc__chunked"), "chunked", false);

        assertThat(started.endedOn).isEqualTo(loopThread());
        assertThat(a.calls.get(1).path("id").asInt()).isEqualTo(9);
        assertThat(JSON.readTree(started.reply.response).path("id").asInt()).isEqualTo(9);
        assertThat(a.initializations()).isEqualTo(1);
    }

    @Test
    void aCallThatWouldWaitIsDeclinedWithNothingChanged() throws Exception {
        LocalMcpServer a = server("a");
        fixture.serviceAt("svc", "stateless", "auto", 10_000, List.of(new RoutableInstance("a", a.endpoint())));
        fixture.serviceAt("bound", "stateful", "auto", 10_000, List.of(new RoutableInstance("b", a.endpoint())));
        fixture.serviceAt("asleep", "stateless", "auto", 10_000, List.of());

        RoutingFixture.Reply reply = new RoutingFixture.Reply();
        assertThat(start(call(1, "svc__echo"), tool("svc", "echo", false), reply).accepted)
                .as("no pooled session yet").isFalse();
        assertThat(start(call(2, "bound__echo"), tool("bound", "echo", false), reply).accepted)
                .as("no binding yet").isFalse();
        assertThat(start(call(3, "asleep__echo"), tool("asleep", "echo", false), reply).accepted)
                .as("a service to wake").isFalse();

        assertThat(a.initializations()).isZero();
        assertThat(a.calls).isEmpty();
        assertThat(fixture.recorded).isEmpty();
        assertThat(fixture.loopStarts).containsExactly("declined", "declined", "declined");
        assertThat(client.calls).isEmpty();
        assertThat(reply.streamed()).isFalse();
        assertThat(fixture.tracker.of("svc").inFlight()).isZero();
        assertThat(fixture.breakers.of("svc", "a").getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void anSseAnswerIsRelayedByAVirtualThreadProgressFirst() throws Exception {
        serving("stateless", 10_000, "a");

        Started started = answered(call("p", "svc__progress"), "progress", false);

        assertThat(started.endedOn).isNotEqualTo(loopThread());
        assertThat(started.reply.intermediate).singleElement().asString().contains("notifications/progress")
                .contains("\"progressToken\":\"tok\"");
        assertThat(JSON.readTree(started.reply.response).path("id").asString()).isEqualTo("p");
        assertThat(fixture.recorded).endsWith("svc/progress/ok");
        assertThat(fixture.loopStarts).containsExactly("handed_over");
        awaitNoChannelLeft();
    }

    @Test
    void aFailedFirstAttemptOfASafeToolIsReplayedOnAnotherInstance() throws Exception {
        List<LocalMcpServer> both = serving("stateless", 10_000, "a", "b");
        warm("svc__echo"); // a pooled session on the other instance too
        both.get(0).failing = true;

        // Round robin: one of two calls goes to a first.
        List<String> answers = List.of(text(answered(call(1, "svc__read"), "read", true)),
                text(answered(call(2, "svc__read"), "read", true)));

        assertThat(answers).containsExactly("b", "b");
        assertThat(both.get(0).calls).hasSizeGreaterThanOrEqualTo(2); // a warm-up call and a failed attempt at least
        assertThat(fixture.recorded).endsWith("svc/read/ok", "svc/read/ok");
        assertThat(fixture.breakers.of("svc", "a").getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void callsThatStartOnTheLoopOrDeclineToTheBlockingPathStillTakeEveryInstanceInTurn() throws Exception {
        serving("stateless", 10_000, "a", "b"); // the warm-up opened a pooled session on one of them only

        List<String> answers = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            // as a front end does: on the loop when it can start there, else on a thread that may block
            Started started = start(call(i, "svc__echo"), tool("svc", "echo", false), new RoutingFixture.Reply());
            if (!started.accepted) {
                fixture.router().call(client, call(i, "svc__echo"), tool("svc", "echo", false), started.reply);
            } else {
                assertThat(started.ended.get(5, TimeUnit.SECONDS)).isNull();
            }
            answers.add(text(started));
        }

        assertThat(String.join("", answers)).as("round robin, each instance in turn").isIn("ababab", "bababa");
        assertThat(fixture.loopStarts).containsExactly("declined", "answered", "answered", "answered", "answered",
                "answered");
    }

    @Test
    void aBackendThatForgotTheSessionGetsANewOneAndTheSameCall() throws Exception {
        LocalMcpServer a = serving("stateful", 10_000, "a").get(0);
        a.forgetSessions();

        Started started = answered(call(5, "svc__write"), "write", false);

        assertThat(JSON.readTree(started.reply.response).path("id").asInt()).isEqualTo(5);
        assertThat(a.initializations()).isEqualTo(2);
        assertThat(fixture.recorded).endsWith("svc/write/ok");
    }

    @Test
    void aCallPastItsDeadlineIsACallTimeoutAndItsChannelIsClosed() throws Exception {
        serving("stateless", 300, "a");

        Started started = start(call(1, "svc__slow"), tool("svc", "slow", false), new RoutingFixture.Reply());

        assertThat(started.accepted).isTrue();
        RuntimeException failure = started.ended.get(5, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(RouteFailure.class);
        assertThat(((RouteFailure) failure).reason()).isEqualTo(Reason.CALL_TIMEOUT);
        assertThat(fixture.recorded).endsWith("svc/slow/call_timeout");
        assertThat(client.calls).isEmpty();
        awaitNoChannelLeft();
    }

    @Test
    void aCancelledCallIsAbandonedAndTheBackendTold() throws Exception {
        LocalMcpServer a = serving("stateful", 10_000, "a").get(0);

        RoutingFixture.Reply reply = new RoutingFixture.Reply();
        Started started = start(call(3, "svc__slow"), tool("svc", "slow", false), reply);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.calls.size() == 2);
        client.calls.get("3").cancel(null);

        assertThat(started.ended.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(reply.abandoned).isTrue();
        assertThat(reply.response).isNull();
        assertThat(fixture.recorded).endsWith("svc/slow/cancelled");
        await().atMost(Duration.ofSeconds(5)).until(() -> a.notifications.contains("notifications/cancelled"));
        awaitNoChannelLeft();
    }

    @Test
    void callsOnTheLoopReuseOneKeepAliveChannelAndLeaveNoneOpenButIdle() throws Exception {
        LocalMcpServer a = serving("stateless", 10_000, "a").get(0);

        for (int i = 0; i < 20; i++) {
            Started started = answered(call(i, "svc__echo"), "echo", false);
            assertThat(JSON.readTree(started.reply.response).path("id").asInt()).isEqualTo(i);
        }

        assertThat(new HashSet<>(a.callPorts.subList(1, 21))).hasSize(1);
        assertThat(http.loopChannels(loop)).containsExactly(1, 1);
    }

    /** Servers of service {@code svc} and a blocking call first, which sets up the backend session (pooled, or the client's binding). */
    private List<LocalMcpServer> serving(String sessions, long callTimeoutMs, String... ids) throws IOException {
        List<LocalMcpServer> started = new ArrayList<>();
        List<RoutableInstance> running = new ArrayList<>();
        for (String id : ids) {
            LocalMcpServer s = server(id);
            started.add(s);
            running.add(new RoutableInstance(id, s.endpoint()));
        }
        fixture.serviceAt("svc", sessions, "auto", callTimeoutMs, running);
        warm("svc__echo");
        return started;
    }

    /** Starts the call on the loop and waits for its end, which must be an answer. */
    private Started answered(Envelope request, String tool, boolean safe) throws Exception {
        Started started = start(request, tool("svc", tool, safe), new RoutingFixture.Reply());
        assertThat(started.accepted).isTrue();
        assertThat(started.ended.get(5, TimeUnit.SECONDS)).isNull();
        return started;
    }

    private static String text(Started started) {
        return JSON.readTree(started.reply.response).path("result").path("content").get(0).path("text").asString();
    }

    private LocalMcpServer server(String id) throws IOException {
        LocalMcpServer server = new LocalMcpServer(id);
        servers.add(server);
        return server;
    }

    private void warm(String exposed) {
        fixture.router().call(client, call(0, exposed), tool("svc", exposed.substring(5), false),
                new RoutingFixture.Reply());
    }

    private Thread loopThread() throws Exception {
        return loop.submit(Thread::currentThread).get();
    }

    /** Every channel of the loop's pool is idle again (none in use, none left half read). */
    private void awaitNoChannelLeft() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            int[] channels = http.loopChannels(loop);
            assertThat(channels[0]).isEqualTo(channels[1]);
        });
    }

    private Started start(Envelope request, ToolEntry target, RoutingFixture.Reply reply) throws Exception {
        Started started = new Started(reply);
        CallRouter router = fixture.router();
        started.accepted = loop.submit(() -> router.start(client, request, target, reply, loop, failure -> {
            started.endedOn = Thread.currentThread();
            started.ended.complete(failure);
        })).get(5, TimeUnit.SECONDS);
        return started;
    }

    private static final class Started {
        final RoutingFixture.Reply reply;
        volatile boolean accepted;
        volatile Thread endedOn;
        final CompletableFuture<RuntimeException> ended = new CompletableFuture<>();

        Started(RoutingFixture.Reply reply) {
            this.reply = reply;
        }
    }
}
