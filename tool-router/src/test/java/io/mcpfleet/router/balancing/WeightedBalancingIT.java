package io.mcpfleet.router.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.it.OwnFleet;
import io.mcpfleet.router.it.RouterOnOwnFleet;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The latency-weighted balancer under load, with real mimics: of two instances of a stateless
 * service, one is reached through a proxy that holds each request {@value #DELAY_MS} ms. Many
 * concurrent calls later the fast one has served most of them (shares, not wall-clock bounds),
 * while a round-robin service built the same way splits them evenly (the control).
 */
@Import(WeightedBalancingIT.Directory.class)
class WeightedBalancingIT extends RouterOnOwnFleet {

    private static final long DELAY_MS = 50;
    private static final int CLIENTS = 8;
    private static final int CALLS_PER_CLIENT = 50;

    @RegisterExtension
    static final OwnFleet FLEET = OwnFleet.create();
    private static final List<LatencyProxy> PROXIES = new ArrayList<>();

    static {
        fastAndSlow("weighed", "weighted");
        fastAndSlow("even", "round_robin");
    }

    /** A stateless service: {@code <name>-fast}, a mimic, and {@code <name>-slow}, a mimic behind the proxy. */
    private static void fastAndSlow(String service, String balancing) {
        String fast = FLEET.mimic(service + "-fast", o -> o.withStateless(true)).baseUrl();
        LatencyProxy slow = LatencyProxy.start(FLEET.mimic(service + "-slow", o -> o.withStateless(true)).port(),
                Duration.ofMillis(DELAY_MS));
        PROXIES.add(slow);
        FLEET.serviceAt(service, OwnFleet.routing("stateless", balancing),
                Map.of(service + "-fast", fast, service + "-slow", slow.baseUrl()));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Directory extends OwnFleet.Directory {
        Directory() {
            super(FLEET);
        }
    }

    @AfterAll
    static void closeProxies() {
        PROXIES.forEach(LatencyProxy::close);
    }

    @Test
    void theFasterInstanceServesMostCallsOfAWeightedService() {
        Map<String, AtomicInteger> served = callConcurrently("weighed__whoami");

        int fast = served.getOrDefault("weighed-fast", new AtomicInteger()).get();
        int slow = served.getOrDefault("weighed-slow", new AtomicInteger()).get();
        assertThat(fast + slow).isEqualTo(CLIENTS * CALLS_PER_CLIENT);
        assertThat(fast).as("calls served by the fast instance (the slow one served %d)", slow)
                .isGreaterThanOrEqualTo(2 * slow);
    }

    @Test
    void roundRobinOverTheSameInstancesSplitsTheCallsEvenly() {
        Map<String, AtomicInteger> served = callConcurrently("even__whoami");

        int fast = served.get("even-fast").get();
        int slow = served.get("even-slow").get();
        assertThat(fast + slow).isEqualTo(CLIENTS * CALLS_PER_CLIENT);
        assertThat(Math.abs(fast - slow)).as("fast %d, slow %d", fast, slow)
                .isLessThanOrEqualTo(CLIENTS * CALLS_PER_CLIENT / 10);
    }

    /**
     * Once the router has learned the tool, {@value #CLIENTS} clients, each in its own session, call
     * it {@value #CALLS_PER_CLIENT} times.
     */
    private Map<String, AtomicInteger> callConcurrently(String tool) {
        McpSyncClient lister = client();
        await().until(() -> toolNames(lister).contains(tool));
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            McpSyncClient client = client();
            clients.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < CALLS_PER_CLIENT; i++) {
                    served.computeIfAbsent(text(client, tool, Map.of()), id -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        clients.forEach(CompletableFuture::join);
        return served;
    }
}
