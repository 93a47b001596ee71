package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.ToolRouterApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backend that hangs, crawls, answers garbage, cuts its stream, sends half a body or resets the
 * connection: each call gets the error the design gives it, and after many of them the router's
 * threads, its connections and backend sessions to the instance, its client sessions and its heap
 * settle back (issue 7). Breakers are made lenient here so that every call reaches the backend.
 */
@SpringBootTest(classes = ToolRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RouterTestConfiguration.class)
// Its own settings make its own router; closed afterwards, so that it does not go on learning and
// starting the shared TestFleet's services while the other classes count what their router does.
@DirtiesContext
class BackendFaultsIT {

    private static final int WORKERS = 4;
    private static final int ROUNDS_PER_WORKER = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final TestFleet fleet = TestFleet.get();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory("router-backend-faults-");
        registry.add("fleet.data-dir", data::toString);
        registry.add("fleet.breaker.minimum-calls", () -> "100000");
        registry.add("fleet.breaker.sliding-window-size", () -> "100000");
    }

    @Test
    void everyMisbehaviourGetsItsErrorAndNothingLeaks() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> new McpCalls(http, port).tools().contains("unruly__hang"));
        // Warmed up at the same concurrency, so that pools and thread pools are as large before as after.
        concurrentRounds(1);
        Footprint before = settledFootprint();

        List<Map<String, String>> outcomes = concurrentRounds(ROUNDS_PER_WORKER);
        Footprint after = settledFootprint();
        System.out.printf("backend faults, %d calls: before %s; after %s%n",
                WORKERS * ROUNDS_PER_WORKER * MisbehavingServer.TOOLS.length, before, after);

        assertThat(outcomes).hasSize(WORKERS * ROUNDS_PER_WORKER).allSatisfy(o -> assertThat(o)
                .containsExactlyInAnyOrderEntriesOf(Map.of("ok", "result", "slow", "result", "hang", "call_timeout",
                        "garbage", "backend_garbage", "cut", "stream_closed", "partial", "stream_closed",
                        "reset", "stream_closed", "fail", "backend_error")));
        assertThat(after.connections).as("connections to the instance").isLessThanOrEqualTo(before.connections + 2);
        // +1: the other router context cached in this JVM lists the shared fleet's tools too, and may
        // renew its catalog session with this backend meanwhile; a leak would add one per round (20).
        assertThat(after.backendSessions).as("backend sessions").isLessThanOrEqualTo(before.backendSessions + 1);
        assertThat(after.clientSessions).as("client sessions").isEqualTo(before.clientSessions);
        assertThat(after.threads).as("threads").isLessThanOrEqualTo(before.threads + 15);
        assertThat(after.heapMb).as("heap (MB)").isLessThanOrEqualTo(before.heapMb + 64);
    }

    /** {@link #WORKERS} clients, each running {@code rounds} rounds; every round's outcomes. */
    private List<Map<String, String>> concurrentRounds(int rounds) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<List<Map<String, String>>>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                running.add(workers.submit(() -> {
                    List<Map<String, String>> mine = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        mine.add(round());
                    }
                    return mine;
                }));
            }
            List<Map<String, String>> all = new ArrayList<>();
            for (Future<List<Map<String, String>>> f : running) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            workers.shutdownNow();
        }
    }

    /** One client session calls every tool once, then ends; returns each tool's outcome. */
    private Map<String, String> round() {
        McpCalls calls = new McpCalls(http, port);
        Map<String, String> outcomes = new TreeMap<>();
        for (String tool : MisbehavingServer.TOOLS) {
            JsonNode answer = calls.call("unruly__" + tool);
            outcomes.put(tool, answer.has("result") ? "result"
                    : answer.path("error").path("data").path("reason").asString("rpc error"));
        }
        calls.end();
        return outcomes;
    }

    /** What the router holds, once what it holds has stopped falling (pools close idle connections lazily). */
    private Footprint settledFootprint() {
        Footprint[] last = {null};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Footprint now = Footprint.measure(fleet.misbehaving, meters);
            boolean settled = last[0] != null && now.connections >= last[0].connections
                    && now.backendSessions >= last[0].backendSessions && now.clientSessions >= last[0].clientSessions;
            last[0] = now;
            return settled;
        });
        return last[0];
    }

    /** The router's footprint: what a leak would make grow. */
    private record Footprint(int connections, int backendSessions, int clientSessions, int threads, long heapMb) {

        static Footprint measure(MisbehavingServer backend, MeterRegistry meters) {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            return new Footprint(backend.openConnections(), backend.liveSessions(),
                    (int) meters.get("fleet.router.sessions").gauge().value(),
                    ManagementFactory.getThreadMXBean().getThreadCount(), heap);
        }

        @Override
        public String toString() {
            return connections + " connections, " + backendSessions + " backend sessions, " + clientSessions
                    + " client sessions, " + threads + " threads, " + heapMb + " MB heap";
        }
    }

    /** A raw client session of the router. */
    private static final class McpCalls {
        private final HttpClient http;
        private final URI url;
        private final String session;
        private int nextId = 1;

        McpCalls(HttpClient http, int port) {
            this.http = http;
            this.url = URI.create("http://localhost:" + port + "/mcp");
            HttpResponse<String> init = post(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"faults\","
                    + "\"version\":\"1\"}}}");
            this.session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        List<String> tools() {
            List<String> names = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode result = last(post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + nextId++
                        + ",\"method\":\"tools/list\"" + (cursor == null ? "" : ",\"params\":{\"cursor\":\"" + cursor
                        + "\"}") + "}")).path("result");
                result.path("tools").forEach(t -> names.add(t.path("name").asString()));
                cursor = result.path("nextCursor").asString(null);
            } while (cursor != null);
            end();
            return names;
        }

        JsonNode call(String tool) {
            return last(post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + nextId++ + ",\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":{}}}"));
        }

        void end() {
            send(HttpRequest.newBuilder(url).DELETE().header("Mcp-Session-Id", session).build());
        }

        private HttpResponse<String> post(String sessionId, String body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (sessionId != null) {
                b.header("Mcp-Session-Id", sessionId);
            }
            return send(b.build());
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The last JSON-RPC message of a JSON or SSE answer. */
        private static JsonNode last(HttpResponse<String> response) {
            String body = response.body();
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                body = body.lines().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElse("data:{}")
                        .substring(5).trim();
            }
            return JSON.readTree(body);
        }
    }
}
