package io.mcpfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.mcpfleet.testsupport.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scale-in and stop while long calls run (issue 7): the instances drain, the calls finish with
 * their results, and only then are the containers removed. (A sleep during a long call is
 * ActivityE2EIT's.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DrainFaultIT {

    private static final int CALL_MS = 6000;

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              drainer:
                image: %s
                port: 8000
                replicas: {min: 2}
                sleep_policy: {drain_timeout: 60s}
            """.formatted(TestImages.mimic())).build();

    @Test
    void callsInFlightFinishWhenTheirInstancesAreScaledInAndThenStopped() {
        FLEET.awaitTools("drainer__slow", "drainer__whoami");
        await().atMost(Duration.ofSeconds(90)).until(() -> FLEET.managerApi().routableIds("drainer").size() == 2);
        List<RawMcp.Session> onBoth = sessionsOnBothInstances();

        List<CompletableFuture<RawResponse>> scaledIn = longCalls(onBoth);
        FLEET.managerApi().scale("drainer", 1);
        await("one instance draining, none removed yet").atMost(Duration.ofSeconds(30))
                .until(() -> FLEET.managerApi().routableIds("drainer").size() == 1);
        int whileDraining = FLEET.containers().running("drainer").size();
        List<String> scaledInAnswers = texts(scaledIn);
        await("the drained instance removed").atMost(Duration.ofSeconds(60))
                .until(() -> FLEET.containers().all("drainer").size() == 1);

        List<CompletableFuture<RawResponse>> stopped = longCalls(List.of(FLEET.raw().initialize()));
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> FLEET.managerApi().stop("drainer"));
        List<String> stoppedAnswers = texts(stopped);
        stop.join();

        assertThat(whileDraining).as("containers running while one drains").isEqualTo(2);
        assertThat(scaledInAnswers).containsOnly("slept " + CALL_MS + " ms");
        assertThat(stoppedAnswers).containsOnly("slept " + CALL_MS + " ms");
        assertThat(FLEET.containers().all("drainer")).isEmpty();
    }

    /** Starts a long call in each session and returns once the router has all of them in flight. */
    private static List<CompletableFuture<RawResponse>> longCalls(List<RawMcp.Session> sessions) {
        List<CompletableFuture<RawResponse>> calls = sessions.stream().map(s -> CompletableFuture.supplyAsync(
                () -> s.call("drainer__slow", "{\"ms\":" + CALL_MS + "}"))).toList();
        await("calls in flight").atMost(Duration.ofSeconds(30)).until(() -> FLEET.routerMetrics()
                .sum("fleet_router_in_flight", Map.of("service", "drainer")) >= sessions.size());
        return calls;
    }

    private static List<String> texts(List<CompletableFuture<RawResponse>> calls) {
        return calls.stream().map(c -> c.orTimeout(90, TimeUnit.SECONDS).join().text()).toList();
    }

    /** Two sessions of the router, bound to the two instances. */
    private static List<RawMcp.Session> sessionsOnBothInstances() {
        RawMcp.Session first = FLEET.raw().initialize();
        String firstOn = first.call("drainer__whoami", "{}").text();
        for (int i = 0; i < 20; i++) {
            RawMcp.Session other = FLEET.raw().initialize();
            if (!other.call("drainer__whoami", "{}").text().equals(firstOn)) {
                return List.of(first, other);
            }
        }
        throw new AssertionError("20 sessions all landed on " + firstOn);
    }
}
