package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.it.HostileRequests.Hostile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Whatever a client sends to {@code /mcp}, the router answers with a 4xx or a JSON-RPC error,
 * never a 5xx; it starts no service for it, harms no backend, and stays healthy (issue 7, bad input).
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputIT extends RouterTestBase {

    private RawHttp raw;
    private String session;

    @BeforeEach
    void openSession() {
        raw = new RawHttp(port);
        session = rawSession("2025-11-25");
        // The one start the router makes by itself (learning the tools of "shy") is not ours to count.
        await().until(() -> fleet.directory.starts("shy") >= 1);
    }

    static Stream<Hostile> bodies() {
        return HostileRequests.bodies().stream();
    }

    static Stream<Hostile> headersAndMethods() {
        return HostileRequests.headersAndMethods().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void hostileBodiesGetA4xxOrAJsonRpcErrorAndStartNothing(Hostile h) {
        int startsBefore = allStarts();

        RawHttp.Answer answer = send(h);

        assertAnswered(h, answer);
        assertThat(allStarts()).as("services started").isEqualTo(startsBefore);
        assertThat(healthy()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headersAndMethods")
    void hostileHeadersAndMethodsGetA4xxAndStartNothing(Hostile h) {
        int startsBefore = allStarts();

        RawHttp.Answer answer = send(h);

        assertAnswered(h, answer);
        assertThat(allStarts()).as("services started").isEqualTo(startsBefore);
        assertThat(healthy()).isTrue();
    }

    @Test
    void callsWithArgumentsThatAreNotAnObjectDoNotOpenTheBreakersOfTheService() {
        String bad = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"sturdy__whoami\","
                + "\"arguments\":\"me\"}}";
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            codes.add(answer(post(bad, "Mcp-Session-Id", session)).path("error").path("code").asInt());
        }

        Set<String> answeredBy = new HashSet<>();
        List<JsonNode> good = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JsonNode answer = answer(callRaw(session, 100 + i, "sturdy__whoami", "{}", null));
            good.add(answer);
            answeredBy.add(answer.path("result").path("content").path(0).path("text").asString());
        }

        assertThat(codes).containsOnly(-32602);
        assertThat(good).allSatisfy(a -> assertThat(a.has("result")).as(a.toString()).isTrue());
        assertThat(answeredBy).containsExactlyInAnyOrder("sturdy-1", "sturdy-2");
    }

    @Test
    void aToolNameCanNeitherForgeNorFloodALogLine(CapturedOutput output) {
        String forged = "x\\r\\n2026-01-01T00:00:00Z ERROR forged line" + "y".repeat(100_000);

        JsonNode answer = answer(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + forged + "\",\"arguments\":{}}}", "Mcp-Session-Id", session));

        assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(output.getOut().lines().filter(l -> l.contains("forged line")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotStartWith("2026-01-01T00:00:00Z").hasSizeLessThan(2_000));
    }

    private void assertAnswered(Hostile h, RawHttp.Answer answer) {
        assertThat(answer.isServerError()).as(answer.toString()).isFalse();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(h.status());
        if (h.rpcCode() == HostileRequests.NO_BODY) {
            return;
        }
        JsonNode message = JSON.readTree(lastMessage(answer));
        if (h.rpcCode() == HostileRequests.RESULT) {
            assertThat(message.has("result")).as(answer.toString()).isTrue();
        } else {
            assertThat(message.path("error").path("code").asInt()).as(answer.toString()).isEqualTo(h.rpcCode());
        }
    }

    /** The body's JSON-RPC message, or the last one of an SSE body. */
    private static String lastMessage(RawHttp.Answer answer) {
        if (!answer.head().toLowerCase().contains("content-type: text/event-stream")) {
            return answer.body();
        }
        return answer.body().lines().filter(l -> l.startsWith("data:")).reduce((a, b) -> b)
                .map(l -> l.substring(5).trim()).orElse("");
    }

    private RawHttp.Answer send(Hostile h) {
        List<String> headers = new ArrayList<>();
        if (!h.headers().contains("-Host")) {
            headers.add("Host: localhost:" + port);
        }
        if (h.headers().stream().noneMatch(x -> x.startsWith("Accept:"))) {
            headers.add("Accept: application/json, text/event-stream");
        }
        if (h.body() != null && h.headers().stream().noneMatch(x -> x.startsWith("Content-Type:"))) {
            headers.add("Content-Type: application/json");
        }
        h.headers().stream().filter(x -> !x.equals("-Host")).forEach(headers::add);
        if (h.withSession()) {
            headers.add("Mcp-Session-Id: " + session);
        }
        return raw.send(h.method(), "/mcp", headers, h.body());
    }

    private int allStarts() {
        return fleet.directory.services().stream().mapToInt(s -> fleet.directory.starts(s.name())).sum();
    }

    private boolean healthy() {
        return raw.send("GET", "/actuator/health", List.of("Host: localhost"), null).status() == 200;
    }
}
