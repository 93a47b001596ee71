package io.mcpfleet.router.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.FollowedFleet;
import io.mcpfleet.router.discovery.InMemoryFleetDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A held call whose client sent a progress token hears how long it has waited. */
class WakeHoldTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aHeldCallHearsProgressUnderItsOwnTokenUntilTheServiceIsReady() {
        InMemoryFleetDirectory directory = new InMemoryFleetDirectory();
        directory.add("svc", new RoutingView("/mcp", "stateful", "round_robin", 60_000, "auto", 3, 10, 60_000,
                List.of()), List.of(), null);
        FleetView fleet = FollowedFleet.of(directory);
        WakeHold hold = new WakeHold(new Activator(fleet, directory, Executors.newCachedThreadPool()), JSON,
                Duration.ofMillis(10));
        List<byte[]> notes = new CopyOnWriteArrayList<>();

        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> hold.await("svc", "tool",
                fleet.service("svc").routing(), System.nanoTime() + TimeUnit.MINUTES.toNanos(1), "{\"t\":\"x\\\"y\"}",
                notes::add));
        await().until(() -> notes.size() >= 2);
        directory.publish("svc", List.of(new RoutableInstance("a", "http://a:8000")));
        held.join();

        JsonNode first = JSON.readTree(notes.get(0));
        assertThat(first.path("method").asString()).isEqualTo("notifications/progress");
        assertThat(first.path("params").path("progressToken").path("t").asString()).isEqualTo("x\"y");
        assertThat(first.path("params").path("progress").asLong()).isEqualTo(1);
        assertThat(first.path("params").path("message").asString()).startsWith("waking service svc (");
        assertThat(JSON.readTree(notes.get(1)).path("params").path("progress").asLong()).isEqualTo(2);
        assertThat(new String(notes.get(0), StandardCharsets.UTF_8)).contains("\"progressToken\":{\"t\":\"x\\\"y\"}");
    }
}
