package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Sleep, wake, draining, the memory budget and autoscaling of the whole manager against the real
 * engine (busybox containers), with activity reports posted as a router would.
 */
@ExtendWith(RemoveThisRunsContainers.class)
class SleepAndScalingIT {

    private static final Duration SOON = Duration.ofSeconds(30);
    private final List<ManagerUnderTest> managers = new ArrayList<>();
    private final ScheduledExecutorService router = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void images() {
        TestImages.busybox();
    }

    @AfterEach
    void close() {
        router.shutdownNow();
        ManagerUnderTest.closeAll(managers);
    }

    @Test
    void anIdleStopModeServiceSleepsAndAStartWakesTheSameContainer() {
        ManagerUnderTest m = manager(service("echo", "idle_timeout: 1s, mode: stop"), Map.of());
        String id = startedContainer(m, "echo");

        await().atMost(SOON).until(() -> m.state("echo").equals("sleeping"));

        assertThat(inspect(m, id).getState().getStatus()).isEqualTo("exited");
        JsonNode status = m.status("echo");
        assertThat(status.get("sleep_mode").asString()).isEqualTo("stop");
        assertThat(status.at("/sleep/last_sleep/reason").asString()).isEqualTo("idle");
        assertThat(startedContainer(m, "echo")).isEqualTo(id);
        assertThat(inspect(m, id).getState().getRunning()).isTrue();
        assertThat(m.containers("echo")).hasSize(1);
        assertThat(m.status("echo").at("/sleep/last_wake/mode").asString()).isEqualTo("stop");
        String metrics = m.get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("fleet_sleeps_total\\{[^}]*reason=\"idle\"[^}]*\\} 1")
                .containsPattern("fleet_wake_seconds_count\\{[^}]*mode=\"stop\"[^}]*\\} 1")
                .contains("fleet_sleeping_memory_bytes{");
    }

    @Test
    void anIdlePauseModeServiceSleepsPausedAndAStartUnpausesIt() {
        ManagerUnderTest m = manager(service("echo", "idle_timeout: 1s, mode: pause"), Map.of());
        String id = startedContainer(m, "echo");

        await().atMost(SOON).until(() -> m.state("echo").equals("sleeping"));

        assertThat(inspect(m, id).getState().getPaused()).isTrue();
        assertThat(m.status("echo").get("sleep_mode").asString()).isEqualTo("pause");
        assertThat(startedContainer(m, "echo")).isEqualTo(id);
        assertThat(inspect(m, id).getState().getPaused()).isFalse();
        assertThat(m.status("echo").at("/sleep/last_wake/mode").asString()).isEqualTo("pause");
    }

    @Test
    void aLongCallAcrossTheIdleTimeoutIsNotCut() throws Exception {
        ManagerUnderTest m = manager(service("echo", "idle_timeout: 1s, mode: stop"), Map.of());
        String id = startedContainer(m, "echo");
        AtomicInteger inFlight = new AtomicInteger(1);
        reportEvery(m, "echo", inFlight::get, () -> Map.of(id, inFlight.get()));
        List<String> states = new ArrayList<>();

        for (int i = 0; i < 16; i++) {
            states.add(m.state("echo"));
            Thread.sleep(250);
        }
        inFlight.set(0);

        assertThat(states).containsOnly("running");
        assertThat(m.status("echo").at("/sleep/verdict").asString()).isEqualTo("busy: 1 call in flight");
        await().atMost(SOON).until(() -> m.state("echo").equals("sleeping"));
        assertThat(inspect(m, id).getState().getStatus()).isEqualTo("exited");
    }

    @Test
    void scaleInDrainsAnInstanceUntilItsCallsEnd() throws Exception {
        ManagerUnderTest m = manager(service("echo", "idle_timeout: 10m"), Map.of());
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        m.bean(io.mcpfleet.manager.events.FleetEvents.class).subscribe(e -> events.add(e.toString()));
        startedContainer(m, "echo");
        m.post("/services/echo/scale?replicas=2");
        await().atMost(SOON).until(() -> routable(m, "echo").size() == 2);
        List<String> ids = routable(m, "echo");
        AtomicBoolean busy = new AtomicBoolean(true);
        reportEvery(m, "echo", () -> busy.get() ? 2 : 0, () -> busy.get()
                ? Map.of(ids.get(0), 1, ids.get(1), 1) : Map.of());
        // The router's calls must be known before the scale-in: with no live router reporting,
        // nothing is in flight as far as the manager can know, and a drain ends at once.
        await().atMost(SOON).until(() -> m.status("echo").at("/sleep/in_flight").asInt() == 2);

        assertThat(m.post("/services/echo/scale?replicas=1").statusCode()).isEqualTo(200);

        await().atMost(SOON).untilAsserted(() -> assertThat(instanceStates(m, "echo"))
                .as(() -> m.get("/services/echo/status").body() + "\nevents: " + String.join("\n", events))
                .contains("draining"));
        Thread.sleep(1500);
        assertThat(instanceStates(m, "echo")).containsExactlyInAnyOrder("running", "draining");
        assertThat(m.containers("echo")).hasSize(2).allMatch(c -> c.getState().equals("running"));
        busy.set(false);
        await().atMost(SOON).until(() -> m.containers("echo").size() == 1);
        assertThat(instanceStates(m, "echo")).containsExactly("running");
    }

    @Test
    void aHundredConcurrentStartsOfASleepingServiceMakeOneContainer() {
        ManagerUnderTest m = manager(service("echo", "idle_timeout: 1s, mode: stop"), Map.of());
        String id = startedContainer(m, "echo");
        await().atMost(SOON).until(() -> m.state("echo").equals("sleeping"));

        List<CompletableFuture<HttpResponse<String>>> starts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            starts.add(ManagerUnderTest.HTTP.sendAsync(m.request("/services/echo/start")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(starts).extracting(s -> s.join().statusCode()).containsOnly(200);
        assertThat(starts).extracting(s -> s.join().body()).allMatch(b -> b.contains("\"container_id\":\"" + id));
        assertThat(m.containers("echo")).extracting(Container::getId).containsExactly(id);
    }

    @Test
    void theMemoryBudgetPutsAnIdleLowerPriorityServiceToSleepAndRefusesWhatCannotFit() {
        String yaml = service("low", "idle_timeout: 10m, mode: pause, priority: low")
                + service("high", "idle_timeout: 10m, priority: high").replace("services:\n", "");
        ManagerUnderTest m = manager(yaml, Map.of("fleet.memory-budget", "100MiB"));
        String low = startedContainer(m, "low");

        String high = startedContainer(m, "high");

        assertThat(inspect(m, high).getState().getRunning()).isTrue();
        assertThat(inspect(m, low).getState().getStatus()).isEqualTo("exited");
        JsonNode lowStatus = m.status("low");
        assertThat(lowStatus.get("state").asString()).isEqualTo("sleeping");
        assertThat(lowStatus.at("/sleep/last_sleep/reason").asString()).isEqualTo("memory: high needs 64 MiB");
        assertThat(lowStatus.at("/sleep/last_sleep/mode").asString()).isEqualTo("stop");
        HttpResponse<String> refused = m.post("/services/low/start");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("memory budget exceeded: low needs 64 MiB")
                .contains("100 MiB budget (fleet.memory-budget 100MiB)").contains("high 64 MiB (priority high)");
        assertThat(m.state("low")).isEqualTo("sleeping");
    }

    @Test
    void callsInFlightReportedByARouterScaleAServiceOut() {
        ManagerUnderTest m = manager(service("echo", "idle_timeout: 10m")
                + "    replicas: {max: 4}\n"
                + "    autoscale: {enabled: true, target_in_flight: 2, stable_window: 10s, panic_window: 2s, "
                + "cooldown: 1s}\n", Map.of("fleet.autoscale-interval", "500ms"));
        startedContainer(m, "echo");

        // Twelve calls in flight, held by the router (no instance has them yet): six instances' worth.
        reportEvery(m, "echo", () -> 12, Map::of);

        await().atMost(SOON).until(() -> routable(m, "echo").size() == 4);
        assertThat(m.containers("echo")).hasSize(4);
        assertThat(m.get("/actuator/prometheus").body())
                .containsPattern("fleet_autoscale_decisions_total\\{[^}]*direction=\"up\"[^}]*reason=\"panic\"");
    }

    // ---- helpers ----

    private ManagerUnderTest manager(String yaml, Map<String, String> properties) {
        ManagerUnderTest m = new ManagerUnderTest(yaml, properties);
        managers.add(m);
        return m;
    }

    /** A busybox service (probed with a GET on /: it speaks no MCP) with a 64 MB limit, fast probes and the given sleep_policy keys. */
    private static String service(String name, String sleepPolicy) {
        return """
                services:
                  %s:
                    image: %s
                    port: 8000
                    resources: {memory: 64MB}
                    health: {type: http, path: /, interval: 1s, startup_interval: 100ms}
                    sleep_policy: {%s, drain_timeout: 20s}
                """.formatted(name, TestImages.busybox(), sleepPolicy);
    }

    /** {@code POST /services/{name}/start} (waits for health); the container it answers with. */
    private static String startedContainer(ManagerUnderTest m, String service) {
        HttpResponse<String> started = m.post("/services/" + service + "/start");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return started.body().replaceAll(".*\"container_id\":\"([0-9a-f]+)\".*", "$1");
    }

    private static InspectContainerResponse inspect(ManagerUnderTest m, String id) {
        return m.docker.inspectContainerCmd(id).exec();
    }

    private static List<String> routable(ManagerUnderTest m, String service) {
        List<String> ids = new ArrayList<>();
        for (JsonNode i : m.status(service).get("instances")) {
            if (i.get("state").asString().equals("running") && i.get("health").asString().equals("healthy")) {
                ids.add(i.get("id").asString());
            }
        }
        return ids;
    }

    private static List<String> instanceStates(ManagerUnderTest m, String service) {
        List<String> states = new ArrayList<>();
        m.status(service).get("instances").forEach(i -> states.add(i.get("state").asString()));
        return states;
    }

    /** Posts a router's activity report for the service every 300 ms, as the router does every second. */
    private void reportEvery(ManagerUnderTest m, String service, IntSupplier inFlight,
                             Supplier<Map<String, Integer>> byInstance) {
        router.scheduleWithFixedDelay(() -> m.report("it-router", service, inFlight.getAsInt(), byInstance.get()),
                0, 300, TimeUnit.MILLISECONDS);
    }
}
