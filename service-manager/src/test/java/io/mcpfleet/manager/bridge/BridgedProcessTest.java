package io.mcpfleet.manager.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.config.StdioSettings;
import io.mcpfleet.testsupport.MutableClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The bridge's multiplexing of many sessions onto one process, on a pipe in memory. */
class BridgedProcessTest {

    private static final String INIT_RESULT = "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":"
            + "{\"listChanged\":true}},\"serverInfo\":{\"name\":\"fake\",\"version\":\"1.0\"}}";

    private final MutableClock clock = new MutableClock();
    private final FakePipe pipe = new FakePipe();
    private BridgedProcess process;

    @BeforeEach
    void attach() {
        process = processWith(new StdioSettings(8, 4096, 8192));
    }

    private BridgedProcess processWith(StdioSettings limits) {
        BridgedProcess p = new BridgedProcess("notes", "c0ffee0123456789", limits, clock);
        pipe.output(new ProcessOutput(p, (int) limits.maxMessageBytes(), clock));
        p.attached(pipe);
        return p;
    }

    private static ObjectNode json(String text) {
        return Messages.parse(text.getBytes(), 0, text.length());
    }

    /** Answers the era probe ({@code server/discover}) as a 2025 server (an error) or a 2026-07-28 one. */
    private void era(boolean modern) {
        ObjectNode discover = pipe.takeOne();
        assertThat(discover.path("method").asString()).isEqualTo("server/discover");
        assertThat(discover.path("params").path("_meta").path("io.modelcontextprotocol/protocolVersion").asString())
                .isEqualTo(BridgedProcess.MODERN_VERSION);
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + discover.get("id") + (modern
                ? ",\"result\":{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{}}}"
                : ",\"error\":{\"code\":-32601,\"message\":\"no method server/discover\"}}"));
    }

    /** Initializes the process and answers as the server would. */
    private void initialized() {
        process.initialize();
        era(false);
        ObjectNode init = pipe.takeOne();
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + init.get("id") + ",\"result\":" + INIT_RESULT + "}");
        pipe.take();
    }

    private RecordingCaller call(BridgeSession session, String request) {
        RecordingCaller caller = new RecordingCaller();
        process.request(session, json(request), caller);
        return caller;
    }

    private static String toolCall(Object id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}";
    }

    @Test
    void theServerIsInitializedOnceAndTheBridgeSaysItIsInitialized() {
        CompletableFuture<ObjectNode> first = process.initialize();
        CompletableFuture<ObjectNode> second = process.initialize();
        era(false);
        ObjectNode init = pipe.takeOne();

        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + init.get("id") + ",\"result\":" + INIT_RESULT + "}");

        assertThat(second).isSameAs(first);
        assertThat(init.path("method").asString()).isEqualTo("initialize");
        assertThat(init.path("params").path("protocolVersion").asString()).isEqualTo(BridgedProcess.PROTOCOL_VERSION);
        assertThat(first.join().path("serverInfo").path("name").asString()).isEqualTo("fake");
        assertThat(pipe.takeOne().path("method").asString()).isEqualTo("notifications/initialized");
    }

    @Test
    void everySessionsInitializeIsAnsweredFromTheServersOwnWithItsId() {
        initialized();
        BridgeSession session = process.openSession();

        RecordingCaller answer = call(session, "{\"jsonrpc\":\"2.0\",\"id\":\"init-7\",\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\"}}");
        process.notification(session, json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));

        assertThat(answer.last().path("id").asString()).isEqualTo("init-7");
        assertThat(answer.last().path("result")).isEqualTo(json(INIT_RESULT));
        assertThat(pipe.take()).as("nothing reaches the server a second time").isEmpty();
    }

    @Test
    void aServerThatRefusesInitializeIsAskedAgainNextTime() {
        CompletableFuture<ObjectNode> refused = process.initialize();
        era(false);
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + pipe.takeOne().get("id") + ",\"error\":{\"code\":-1,\"message\":\"no\"}}");

        CompletableFuture<ObjectNode> again = process.initialize();

        assertThat(refused).isCompletedExceptionally();
        assertThat(again).isNotSameAs(refused).isNotDone();
        assertThat(pipe.takeOne().path("method").asString()).isEqualTo("initialize");
    }

    @Test
    void aModernServerIsAskedItsEraOnceHasNoInitializeAndGetsModernRequestsUnderTheBridgesIds() {
        CompletableFuture<Boolean> modern = process.modern();
        era(true);
        CompletableFuture<ObjectNode> init = process.initialize();
        RecordingCaller caller = new RecordingCaller();

        process.modernRequest(process.oneRequestSession(), json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                + "\"tools/call\",\"params\":{\"name\":\"echo\",\"_meta\":{\"io.modelcontextprotocol/"
                + "protocolVersion\":\"2026-07-28\"}}}"), caller);
        ObjectNode sent = pipe.takeOne();
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + sent.get("id") + ",\"result\":{\"resultType\":\"complete\"}}");

        assertThat(modern.join()).isTrue();
        assertThat(process.modern()).isSameAs(modern);
        assertThat(init).isCompletedExceptionally();
        assertThat(sent.path("params").path("_meta").path("io.modelcontextprotocol/protocolVersion").asString())
                .isEqualTo("2026-07-28");
        assertThat(caller.last().path("id").asInt()).isEqualTo(1);
        assertThat(caller.last().path("result").path("resultType").asString()).isEqualTo("complete");
    }

    @Test
    void aModernSubscriptionsNotificationsGoToItsListenStreamUnderTheClientsId() {
        process.modern();
        era(true);
        RecordingCaller listener = new RecordingCaller();
        process.modernRequest(process.oneRequestSession(), json("{\"jsonrpc\":\"2.0\",\"id\":\"sub-9\",\"method\":"
                + "\"subscriptions/listen\",\"params\":{\"notifications\":{\"toolsListChanged\":true}}}"), listener);
        JsonNode bridgeId = pipe.takeOne().get("id");

        pipe.answer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\",\"params\":{"
                + "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":" + bridgeId + "},\"notifications\":{}}}");
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + bridgeId + ",\"result\":{\"resultType\":\"complete\","
                + "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":" + bridgeId + "}}}");

        assertThat(listener.messages()).hasSize(2);
        assertThat(listener.messages().get(0).path("params").path("_meta")
                .path("io.modelcontextprotocol/subscriptionId").asString()).isEqualTo("sub-9");
        assertThat(listener.last().path("id").asString()).isEqualTo("sub-9");
        assertThat(listener.last().path("result").path("_meta").path("io.modelcontextprotocol/subscriptionId")
                .asString()).isEqualTo("sub-9");
    }

    @Test
    void twentySessionsUsingTheSameIdEachGetTheirOwnAnswer() {
        process = processWith(new StdioSettings(32, 4096, 8192));
        initialized();
        List<RecordingCaller> callers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            callers.add(call(process.openSession(), toolCall(1)));
        }

        List<ObjectNode> sent = pipe.take();
        Set<Long> ids = new HashSet<>();
        sent.forEach(m -> ids.add(m.get("id").asLong()));
        for (int i = sent.size() - 1; i >= 0; i--) {
            pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + sent.get(i).get("id") + ",\"result\":{\"n\":" + i + "}}");
        }

        assertThat(ids).hasSize(20);
        for (int i = 0; i < 20; i++) {
            ObjectNode answer = callers.get(i).last();
            assertThat(answer.path("id").asInt()).isEqualTo(1);
            assertThat(answer.path("result").path("n").asInt()).isEqualTo(i);
        }
    }

    @Test
    void callsBeyondTheLimitAreRefusedAtOnceWithARetryableError() {
        initialized();
        BridgeSession session = process.openSession();
        for (int i = 0; i < 8; i++) {
            call(session, toolCall(i));
        }

        RecordingCaller ninth = call(session, toolCall(9));

        JsonNode error = ninth.last().path("error");
        assertThat(ninth.answered()).isTrue();
        assertThat(error.path("code").asInt()).isEqualTo(Messages.QUEUE_FULL);
        assertThat(error.path("data").path("retryable").asBoolean()).isTrue();
        assertThat(error.path("message").asString()).contains("stdio.max_in_flight");
        assertThat(pipe.take()).hasSize(8);
    }

    @Test
    void progressReachesItsCallerUnderItsOwnTokenThoughTwoCallersChoseTheSame() {
        initialized();
        String withToken = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
                + "\"_meta\":{\"progressToken\":\"tok\"}}}";
        RecordingCaller a = call(process.openSession(), withToken);
        RecordingCaller b = call(process.openSession(), withToken);
        List<ObjectNode> sent = pipe.take();
        String tokenA = sent.get(0).path("params").path("_meta").path("progressToken").asString();
        String tokenB = sent.get(1).path("params").path("_meta").path("progressToken").asString();

        pipe.answer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\""
                + tokenB + "\",\"progress\":1}}");
        pipe.answer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\""
                + tokenA + "\",\"progress\":2}}");

        assertThat(tokenA).isNotEqualTo(tokenB).isNotEqualTo("tok");
        assertThat(a.messages()).singleElement().satisfies(p -> {
            assertThat(p.path("params").path("progressToken").asString()).isEqualTo("tok");
            assertThat(p.path("params").path("progress").asInt()).isEqualTo(2);
        });
        assertThat(b.messages()).singleElement().satisfies(p ->
                assertThat(p.path("params").path("progress").asInt()).isEqualTo(1));
        assertThat(a.answered()).isFalse();
    }

    @Test
    void aCancellationReachesTheServerUnderTheBridgesIdAndItsLateAnswerIsDropped() {
        initialized();
        BridgeSession session = process.openSession();
        RecordingCaller caller = call(session, toolCall("\"c-1\""));
        long bridgeId = pipe.takeOne().get("id").asLong();

        process.notification(session, json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":\"c-1\",\"reason\":\"user\"}}"));
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + bridgeId + ",\"result\":{}}");

        ObjectNode cancelled = pipe.takeOne();
        assertThat(cancelled.path("method").asString()).isEqualTo("notifications/cancelled");
        assertThat(cancelled.path("params").path("requestId").asLong()).isEqualTo(bridgeId);
        assertThat(cancelled.path("params").path("reason").asString()).isEqualTo("user");
        assertThat(caller.ended()).isTrue();
        assertThat(caller.messages()).isEmpty();
    }

    @Test
    void aServerRequestGoesToTheCallerOfTheOnlyCallInFlightAndItsAnswerBack() {
        initialized();
        BridgeSession session = process.openSession();
        RecordingCaller caller = call(session, toolCall(3));
        pipe.take();

        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\"sampling/createMessage\",\"params\":{}}");
        process.response(session, json("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{\"content\":{}}}"));

        assertThat(caller.messages()).singleElement().satisfies(m ->
                assertThat(m.path("method").asString()).isEqualTo("sampling/createMessage"));
        ObjectNode back = pipe.takeOne();
        assertThat(back.path("id").asString()).isEqualTo("s-1");
        assertThat(back.has("result")).isTrue();
    }

    @Test
    void anAnswerToAServerRequestFromAnotherSessionIsDropped() {
        initialized();
        call(process.openSession(), toolCall(3));
        pipe.take();
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\"roots/list\"}");

        process.response(process.openSession(), json("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{\"roots\":[]}}"));

        assertThat(pipe.take()).isEmpty();
    }

    @Test
    void aServerRequestWithSeveralOrNoCallsInFlightGetsAnError() {
        initialized();
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"roots/list\"}");
        ObjectNode none = pipe.takeOne();
        call(process.openSession(), toolCall(1));
        call(process.openSession(), toolCall(1));
        pipe.take();

        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"elicitation/create\"}");

        ObjectNode several = pipe.takeOne();
        assertThat(none.path("error").path("message").asString()).contains("0 calls are in flight");
        assertThat(several.path("id").asInt()).isEqualTo(2);
        assertThat(several.path("error").path("message").asString()).contains("2 calls are in flight");
    }

    @Test
    void theBridgeAnswersTheServersPingItself() {
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");

        ObjectNode pong = pipe.takeOne();
        assertThat(pong.path("id").asString()).isEqualTo("p");
        assertThat(pong.path("result").isObject()).isTrue();
    }

    @Test
    void listChangedReachesEveryOpenGetStream() {
        initialized();
        RecordingCaller first = new RecordingCaller();
        RecordingCaller second = new RecordingCaller();
        process.openStream(process.openSession(), first);
        process.openStream(process.openSession(), second);
        process.openSession();

        pipe.answer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");

        assertThat(List.of(first, second)).allSatisfy(stream -> assertThat(stream.messages()).singleElement()
                .satisfies(m -> assertThat(m.path("method").asString()).isEqualTo("notifications/tools/list_changed")));
    }

    @Test
    void aNewerGetStreamReplacesTheOlder() {
        BridgeSession session = process.openSession();
        RecordingCaller older = new RecordingCaller();
        process.openStream(session, older);

        process.openStream(session, new RecordingCaller());

        assertThat(older.ended()).isTrue();
    }

    @Test
    void aProcessThatEndsFailsItsCallsWithARetryableErrorAndForgetsItsSessions() {
        initialized();
        BridgeSession session = process.openSession();
        RecordingCaller caller = call(session, toolCall(4));
        RecordingCaller stream = new RecordingCaller();
        process.openStream(session, stream);

        pipe.exit();

        JsonNode error = caller.last().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(Messages.STREAM_CLOSED);
        assertThat(error.path("data").path("reason").asString()).isEqualTo("stream_closed");
        assertThat(error.path("data").path("retryable").asBoolean()).isTrue();
        assertThat(error.path("data").path("service").asString()).isEqualTo("notes");
        assertThat(caller.last().path("id").asInt()).isEqualTo(4);
        assertThat(stream.ended()).isTrue();
        assertThat(process.session(session.id)).isEmpty();
        assertThat(pipe.closed()).isTrue();
        assertThat(call(session, toolCall(5)).last().path("error").path("data").path("reason").asString())
                .isEqualTo("stream_closed");
        assertThat(process.ping(java.time.Duration.ofSeconds(1))).isCompletedExceptionally();
    }

    @Test
    void garbageAndHalfLinesOnStdoutAreSkippedAndWholeMessagesStillServed() {
        initialized();
        RecordingCaller caller = call(process.openSession(), toolCall(1));
        long id = pipe.takeOne().get("id").asLong();

        pipe.stdout("Server started on stdio\n");
        pipe.stdout("{\"not\": \"json-rpc\"}\n[1, 2]\n\r\n");
        pipe.stdout("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",");
        pipe.stdout("\"result\":{\"ok\":true}}\r\n");

        assertThat(caller.last().path("result").path("ok").asBoolean()).isTrue();
        assertThat(process.ended()).isFalse();
    }

    @Test
    void aLineOverTheLimitIsDroppedAndTheNextServed() {
        initialized();
        RecordingCaller caller = call(process.openSession(), toolCall(1));
        long id = pipe.takeOne().get("id").asLong();

        pipe.stdout("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"huge\":\"" + "x".repeat(3000));
        pipe.stdout("x".repeat(3000) + "\"}}\n");
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"small\":true}}");

        assertThat(caller.messages()).singleElement().satisfies(m ->
                assertThat(m.path("result").path("small").asBoolean()).isTrue());
    }

    @Test
    void aCallerThatCannotKeepUpLosesItsCallAndTheOthersGoOn() {
        initialized();
        String withToken = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"_meta\":"
                + "{\"progressToken\":1}}}";
        RecordingCaller slow = new RecordingCaller(0);
        process.request(process.openSession(), json(withToken), slow);
        RecordingCaller fast = call(process.openSession(), withToken);
        List<ObjectNode> sent = pipe.take();
        String slowToken = sent.get(0).path("params").path("_meta").path("progressToken").asString();
        String fastToken = sent.get(1).path("params").path("_meta").path("progressToken").asString();

        pipe.answer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\""
                + slowToken + "\",\"progress\":1}}");
        pipe.answer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\""
                + fastToken + "\",\"progress\":1}}");
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + sent.get(1).get("id") + ",\"result\":{}}");

        assertThat(slow.ended()).isTrue();
        ObjectNode cancelled = pipe.takeOne();
        assertThat(cancelled.path("method").asString()).isEqualTo("notifications/cancelled");
        assertThat(cancelled.path("params").path("requestId").asLong()).isEqualTo(sent.get(0).get("id").asLong());
        assertThat(fast.messages()).hasSize(2);
        assertThat(fast.answered()).isTrue();
    }

    @Test
    void aClosedSessionCancelsItsCallsAtTheServer() {
        initialized();
        BridgeSession session = process.openSession();
        RecordingCaller caller = call(session, toolCall(1));
        long id = pipe.takeOne().get("id").asLong();

        process.closeSession(session, "the client ended the session");

        ObjectNode cancelled = pipe.takeOne();
        assertThat(cancelled.path("params").path("requestId").asLong()).isEqualTo(id);
        assertThat(caller.ended()).isTrue();
        assertThat(process.session(session.id)).isEmpty();
    }

    @Test
    void aClientThatReusesAnIdInFlightIsStillAnsweredOnEachCall() {
        initialized();
        BridgeSession session = process.openSession();
        RecordingCaller first = call(session, toolCall(1));
        RecordingCaller second = call(session, toolCall(1));
        List<ObjectNode> sent = pipe.take();

        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + sent.get(1).get("id") + ",\"result\":{\"n\":2}}");
        pipe.answer("{\"jsonrpc\":\"2.0\",\"id\":" + sent.get(0).get("id") + ",\"result\":{\"n\":1}}");

        assertThat(sent).hasSize(2);
        assertThat(first.last().path("result").path("n").asInt()).isEqualTo(1);
        assertThat(second.last().path("result").path("n").asInt()).isEqualTo(2);
        assertThat(List.of(first.last(), second.last())).allSatisfy(m -> assertThat(m.path("id").asInt()).isEqualTo(1));
    }

    @Test
    void idleSessionsExpireButNotThoseWithAStream() {
        BridgeSession idle = process.openSession();
        BridgeSession listening = process.openSession();
        process.openStream(listening, new RecordingCaller());
        clock.advance(java.time.Duration.ofHours(2));

        process.expireSessions(clock.millis() - 3_600_000);

        assertThat(process.session(idle.id)).isEmpty();
        assertThat(process.session(listening.id)).isPresent();
    }
}
