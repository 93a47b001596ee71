package io.mcpfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Instances die or hang under load: idempotent calls fail over, a non-idempotent call in flight
 * gets a retryable error (and is not replayed), the manager replaces the dead instance, and the
 * router's breakers take a hung one out of rotation.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FailoverIT {

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              failover:
                image: %1$s
                port: 8000
                auto_start: true
                replicas: {min: 2}
              # Pooled sessions balanced per call, and a short call timeout so a hung instance
              # costs little. Health probes are rare: only the router's breaker may notice the hang.
              breaker:
                image: %1$s
                port: 8000
                auto_start: true
                replicas: {min: 2}
                mcp: {sessions: stateless}
                routing: {balancing: round_robin, call_timeout: 2s}
                health: {interval: 10m}
            """.formatted(TestImages.mimic()))
            // A breaker opens after 2 calls in a window of 4 that half fail, and stays open for the test.
            .routerArg("--fleet.breaker.minimum-calls=2")
            .routerArg("--fleet.breaker.sliding-window-size=4")
            .routerArg("--fleet.breaker.wait-in-open-state=10m")
            .build();

    @Test
    void idempotentCallsAllSucceedWhileAReplicaIsKilledAndTheManagerReplacesIt() throws Exception {
        List<String> before = awaitRoutableReplicas("failover", 2);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger succeeded = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> failures = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            McpSyncClient client = FLEET.client();
            failures.add(workers.submit(() -> callIdempotentToolsUntil(stop, client, succeeded)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> succeeded.get() >= 20);
        String killed = before.get(0);

        FLEET.containers().kill(killed);
        long killedAt = System.nanoTime();
        await("the killed instance out of rotation").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> !FLEET.managerApi().routableIds("failover").contains(killed));
        // The issue asks for "within a second"; a shared machine makes that a figure to read, not to assert.
        System.out.printf("killed instance out of the manager's rotation after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        List<String> after = awaitRoutableReplicas("failover", 2);
        int atReplacement = succeeded.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> succeeded.get() >= atReplacement + 20);
        stop.set(true);
        List<String> failed = new ArrayList<>();
        for (Future<List<String>> f : failures) {
            failed.addAll(f.get(60, TimeUnit.SECONDS));
        }
        workers.shutdown();

        assertThat(failed).as("idempotent calls that failed").isEmpty();
        assertThat(after).doesNotContain(killed).contains(before.get(1));
    }

    @Test
    void aNonIdempotentCallInFlightOnAKilledReplicaFailsRetryablyAndIsNotReplayed() throws Exception {
        awaitRoutableReplicas("failover", 2);
        RawMcp.Session onVictim = FLEET.raw().initialize();
        String victim = whoami(onVictim);
        RawMcp.Session onSurvivor = sessionOnAnotherInstance(victim);
        FLEET.containers().freeze(container(victim));

        CompletableFuture<RawResponse> write = CompletableFuture.supplyAsync(
                () -> onVictim.call("failover__write", "{\"key\":\"k1\",\"value\":\"v\"}"));
        await("the write in flight").atMost(Duration.ofSeconds(30)).until(() -> FLEET.routerMetrics()
                .sum("fleet_router_in_flight", Map.of("service", "failover")) >= 1);
        FLEET.containers().kill(container(victim));
        JsonNode error = write.get(60, TimeUnit.SECONDS).answer().path("error");
        String onSurvivorAfter = onSurvivor.call("failover__write", "{\"key\":\"k1\",\"value\":\"w\"}").text();

        assertThat(error.isMissingNode()).as("the write must fail, not succeed elsewhere").isFalse();
        assertThat(error.path("data").path("retryable").asBoolean()).as(error.toString()).isTrue();
        assertThat(error.path("data").path("service").asString()).isEqualTo("failover");
        assertThat(onSurvivorAfter).as("the survivor never saw the first write").isEqualTo("created k1");
    }

    @Test
    void aHungReplicaIsEjectedByItsBreakerAndCallsGoToTheHealthyOne() {
        awaitRoutableReplicas("breaker", 2);
        RawMcp.Session session = FLEET.raw().initialize();
        List<String> seen = new ArrayList<>();
        // Balanced per call: a few calls reach both replicas (and open both pooled sessions).
        for (int i = 0; i < 10 && seen.stream().distinct().count() < 2; i++) {
            seen.add(whoami(session, "breaker"));
        }
        String hung = seen.get(0);
        String healthy = seen.stream().filter(id -> !id.equals(hung)).findFirst().orElseThrow();
        FLEET.containers().freeze(container(hung));

        // Calls to the hung one time out until its breaker opens; then every call succeeds.
        await("the breaker of the hung replica to open").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    session.call("breaker__whoami", "{}");
                    return FLEET.routerMetrics().sum("fleet_router_breakers",
                            Map.of("service", "breaker", "state", "open")) >= 1;
                });
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answeredBy.add(whoami(session, "breaker"));
        }

        assertThat(answeredBy).containsOnly(healthy);
        assertThat(FLEET.managerApi().routableIds("breaker")).as("the manager did not notice: the breaker did it")
                .hasSize(2);
    }

    private static List<String> callIdempotentToolsUntil(AtomicBoolean stop, McpSyncClient client,
                                                         AtomicInteger succeeded) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; !stop.get(); i++) {
            boolean echo = i % 2 == 0;
            String expected = echo ? "call " + i : "slept 100 ms";
            try {
                CallToolResult result = echo ? call(client, "failover__echo", Map.of("text", expected))
                        : call(client, "failover__slow", Map.of("ms", 100));
                String text = text(result);
                if (Boolean.TRUE.equals(result.isError()) || !expected.equals(text)) {
                    failures.add("call " + i + ": " + result);
                } else {
                    succeeded.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failures.add("call " + i + ": " + e);
            }
        }
        return failures;
    }

    /**
     * Waits until the router lists the service's tools (a call before that is an unknown tool) and
     * the manager routes to {@code n} instances of it; returns their ids.
     */
    private static List<String> awaitRoutableReplicas(String service, int n) {
        FLEET.awaitTools(service + "__echo", service + "__slow", service + "__whoami", service + "__write");
        return await(n + " routable replicas of " + service).atMost(Duration.ofSeconds(90))
                .until(() -> FLEET.managerApi().routableIds(service), ids -> ids.size() == n);
    }

    /** A new session whose calls land on another instance than {@code instance}. */
    private static RawMcp.Session sessionOnAnotherInstance(String instance) {
        for (int i = 0; i < 10; i++) {
            RawMcp.Session session = FLEET.raw().initialize();
            if (!whoami(session).equals(instance)) {
                return session;
            }
        }
        throw new AssertionError("10 new sessions all landed on " + instance);
    }

    private static String whoami(RawMcp.Session session) {
        return whoami(session, "failover");
    }

    private static String whoami(RawMcp.Session session, String service) {
        return session.call(service + "__whoami", "{}").text();
    }

    /** The mimic's whoami is its host name: the first 12 characters of its container id. */
    private static String container(String whoami) {
        return FLEET.containers().idStartingWith(whoami);
    }
}
