package io.mcpfleet.manager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.api.InstanceState;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.FleetConfig;
import io.mcpfleet.config.HealthCheck;
import io.mcpfleet.config.Priority;
import io.mcpfleet.config.Replicas;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.SleepMode;
import io.mcpfleet.config.SleepPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lifecycle's logic against an in-memory engine and a health monitor the test drives. */
class FleetLifecycleTest {

    private static final String FLEET = "unit";
    private final MutableClock clock = new MutableClock();
    private final InMemoryRuntime runtime = new InMemoryRuntime(clock);
    private final ManualHealth health = new ManualHealth();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private FleetLifecycle fleet;

    @AfterEach
    void close() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void concurrentStartsCreateOneContainer() throws Exception {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        ExecutorService callers = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Instance>> ready = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ready.add(CompletableFuture.supplyAsync(() -> {
                awaitLatch(go);
                return fleet.start("echo", "test").ready().join();
            }, callers));
        }

        go.countDown();
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        callers.shutdown();

        assertThat(runtime.creates.get()).isEqualTo(1);
        assertThat(ready).extracting(f -> f.join().id()).containsOnly(ready.get(0).join().id());
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void startCompletesOnlyWhenAnInstanceIsHealthy() {
        fleet = start(spec("echo").build());

        Starting starting = fleet.start("echo", "test");
        starting.accepted().join();

        assertThat(starting.ready()).isNotDone();
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.STARTING);
        String id = runtime.all().get(0).id();
        health.report(id, true);
        assertThat(starting.ready().join().id()).isEqualTo(id);
        assertThat(fleet.service("echo").routable()).extracting(Instance::endpoint)
                .containsExactly("http://127.0.0.1:" + runtime.all().get(0).publishedPorts().get(8000));
    }

    @Test
    void scaleAddsAndRemovesInstancesLeastBusyFirst() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());

        fleet.scale("echo", 3, "test").join();
        await().until(() -> fleet.service("echo").healthy() == 3);
        List<String> ids = fleet.service("echo").instances().stream().map(Instance::id).toList();
        inFlight.put(ids.get(0), 5);
        inFlight.put(ids.get(1), 0);
        inFlight.put(ids.get(2), 2);
        fleet.scale("echo", 1, "test").join();

        await().until(() -> runtime.all().size() == 2);
        assertThat(fleet.service("echo").instances()).filteredOn(i -> i.state() == InstanceState.DRAINING)
                .extracting(Instance::id).containsExactly(ids.get(2));
        inFlight.put(ids.get(2), 0);
        await().until(() -> runtime.all().size() == 1);
        assertThat(runtime.all()).extracting(ContainerSnapshot::id).containsExactly(ids.get(0));
        assertThat(events).contains("scaled test", "instance_draining scale-in");
    }

    @Test
    void scaleOutsideTheServiceBoundsIsRefused() {
        fleet = start(spec("echo").replicas(new Replicas(0, 4)).build());

        assertThatThrownBy(() -> fleet.scale("echo", 5, "test")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0-4");
        assertThatThrownBy(() -> fleet.scale("echo", -1, "test")).isInstanceOf(IllegalArgumentException.class);
        assertThat(runtime.creates.get()).isZero();
    }

    @Test
    void aCrashedInstanceIsReplaced() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        String first = fleet.start("echo", "test").ready().join().id();

        runtime.crash(first);

        await().until(() -> fleet.service("echo").routable().stream().anyMatch(i -> !i.id().equals(first)));
        assertThat(runtime.all()).extracting(ContainerSnapshot::id).doesNotContain(first).hasSize(1);
        assertThat(events).contains("instance_removed crashed");
    }

    @Test
    void anUnhealthyInstanceIsReplacedOnlyPastItsThreshold() {
        fleet = start(spec("echo").build());
        Starting starting = fleet.start("echo", "test");
        starting.accepted().join();
        String first = runtime.all().get(0).id();
        health.report(first, true);
        starting.ready().join();

        health.report(first, false);
        health.report(first, false);
        await().until(() -> fleet.service("echo").instances().get(0).failures() == 2);
        assertThat(fleet.service("echo").routable()).hasSize(1);
        health.report(first, false);

        await().until(() -> runtime.all().stream().noneMatch(c -> c.id().equals(first)));
        assertThat(runtime.creates.get()).isEqualTo(2);
        assertThat(events).contains("instance_unhealthy probe", "instance_removed unhealthy");
    }

    @Test
    void aChangedSpecIsRolledNewInstanceFirst() {
        fleet = start(spec("echo").build());
        Starting starting = fleet.start("echo", "test");
        starting.accepted().join();
        String old = runtime.all().get(0).id();
        health.report(old, true);
        starting.ready().join();
        FleetLifecycle first = fleet;
        first.close();

        // A new manager with a changed image adopts the old container, then rolls it.
        fleet = start(spec("echo").image("mimic:2").build());
        await().until(() -> runtime.all().size() == 2);
        assertThat(runtime.all()).extracting(ContainerSnapshot::id).contains(old);
        String fresh = runtime.all().stream().map(ContainerSnapshot::id).filter(id -> !id.equals(old)).findFirst()
                .orElseThrow();
        health.report(old, true);
        assertThat(runtime.all()).hasSize(2);
        health.report(fresh, true);

        await().until(() -> runtime.all().size() == 1);
        assertThat(runtime.all().get(0).id()).isEqualTo(fresh);
        assertThat(runtime.all().get(0).labels().get(Labels.SPEC_HASH))
                .isEqualTo(SpecHash.of(spec("echo").image("mimic:2").build(), List.of()));
    }

    @Test
    void aRestartAdoptsRunningContainersWithoutDuplicatesEvenWithAutoStart() {
        health.autoHealthy = true;
        ServiceSpec spec = spec("echo").autoStart(true).build();
        fleet = start(spec);
        await().until(() -> fleet.service("echo").healthy() == 1);
        String id = runtime.all().get(0).id();
        fleet.close();

        fleet = start(spec);

        await().until(() -> fleet.service("echo").healthy() == 1);
        assertThat(runtime.creates.get()).isEqualTo(1);
        assertThat(runtime.all()).extracting(ContainerSnapshot::id).containsExactly(id);
        assertThat(runtime.operations).noneMatch(op -> op.startsWith("stop") || op.startsWith("remove"));
    }

    @Test
    void containersTheManagerDoesNotOwnAreLeftAlone() {
        String foreign = runtime.put("someone-elses", Map.of("app", "db"), ContainerStatus.RUNNING, 5432, 5432);
        String otherFleet = runtime.put("other-echo-1", Map.of(Labels.MANAGED, "true", Labels.FLEET, "other",
                Labels.SERVICE, "echo"), ContainerStatus.EXITED, 1, 8000);
        String undeclared = runtime.put("unit-gone-1", Map.of(Labels.MANAGED, "true", Labels.FLEET, FLEET,
                Labels.SERVICE, "gone"), ContainerStatus.RUNNING, 2, 8000);
        health.autoHealthy = true;
        fleet = start(spec("echo").build());

        fleet.start("echo", "test").ready().join();
        fleet.stop("echo", "test").join();

        assertThat(runtime.all()).extracting(ContainerSnapshot::id).containsExactlyInAnyOrder(foreign, otherFleet,
                undeclared);
        assertThat(runtime.operations).noneMatch(op -> op.endsWith(foreign) || op.endsWith(otherFleet)
                || op.endsWith(undeclared));
    }

    @Test
    void stopRemovesEveryContainerAndIsIdempotent() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        fleet.scale("echo", 2, "test").join();
        await().until(() -> fleet.service("echo").healthy() == 2);

        fleet.stop("echo", "test").join();
        fleet.stop("echo", "test").join();

        assertThat(runtime.all()).isEmpty();
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.STOPPED);
    }

    @Test
    void stopWaitsForCallsInFlightToDrain() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        String id = fleet.start("echo", "test").ready().join().id();
        inFlight.put(id, 1);

        CompletableFuture<ServiceSnapshot> stopped = fleet.stop("echo", "test");

        await().until(() -> fleet.service("echo").state() == ServiceState.DRAINING);
        assertThat(stopped).isNotDone();
        assertThat(runtime.all()).hasSize(1);
        inFlight.put(id, 0);
        stopped.join();
        assertThat(runtime.all()).isEmpty();
    }

    @Test
    void aDrainEndsAtItsDeadlineEvenWithCallsInFlight() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        String id = fleet.start("echo", "test").ready().join().id();
        inFlight.put(id, 1);
        CompletableFuture<ServiceSnapshot> stopped = fleet.stop("echo", "test");
        await().until(() -> fleet.service("echo").state() == ServiceState.DRAINING);

        clock.advance(SleepPolicy.DEFAULT_DRAIN_TIMEOUT.plusSeconds(1));

        stopped.join();
        assertThat(runtime.all()).isEmpty();
    }

    @Test
    void pauseModeSleepKeepsTheContainerAndAWakeReusesIt() {
        health.autoHealthy = true;
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.PAUSE)).build());
        String id = fleet.start("echo", "test").ready().join().id();

        fleet.sleep("echo", "idle").join();

        assertThat(runtime.withStatus(ContainerStatus.PAUSED)).extracting(ContainerSnapshot::id).containsExactly(id);
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(fleet.service("echo").routable()).isEmpty();
        Instance woken = fleet.start("echo", "call").ready().join();
        assertThat(woken.id()).isEqualTo(id);
        assertThat(runtime.creates.get()).isEqualTo(1);
        assertThat(runtime.operations).contains("pause " + id, "unpause " + id);
    }

    @Test
    void stopModeSleepStopsTheContainerAndAWakeStartsItAgain() {
        health.autoHealthy = true;
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.STOP)).build());
        String id = fleet.start("echo", "test").ready().join().id();

        fleet.sleep("echo", "idle").join();

        assertThat(runtime.withStatus(ContainerStatus.EXITED)).extracting(ContainerSnapshot::id).containsExactly(id);
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(fleet.start("echo", "call").ready().join().id()).isEqualTo(id);
        assertThat(runtime.creates.get()).isEqualTo(1);
    }

    @Test
    void aStartWhileTheServiceDrainsToSleepCancelsTheSleep() {
        health.autoHealthy = true;
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.STOP)).build());
        String id = fleet.start("echo", "test").ready().join().id();
        inFlight.put(id, 1);
        CompletableFuture<ServiceSnapshot> asleep = fleet.sleep("echo", "idle");
        await().until(() -> fleet.service("echo").state() == ServiceState.DRAINING);

        Instance served = fleet.start("echo", "call").ready().join();

        assertThat(served.id()).isEqualTo(id);
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.RUNNING);
        assertThat(asleep.join().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(runtime.operations).noneMatch(op -> op.startsWith("stop") || op.startsWith("pause"));
        assertThat(runtime.creates.get()).isEqualTo(1);
    }

    @Test
    void aSleepingServiceIsAdoptedAsleepByANewManager() {
        health.autoHealthy = true;
        ServiceSpec spec = spec("echo").sleepPolicy(sleep(SleepMode.PAUSE)).build();
        fleet = start(spec);
        fleet.start("echo", "test").ready().join();
        fleet.sleep("echo", "idle").join();
        fleet.close();

        fleet = start(spec);

        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(runtime.withStatus(ContainerStatus.PAUSED)).hasSize(1);
        assertThat(runtime.operations).noneMatch(op -> op.startsWith("unpause"));
    }

    @Test
    void aMissingImageFailsTheStartAtOnceWithTheReason() {
        runtime.failCreates = new ImageNotFoundException("unit-echo-1", "nope:1", null);
        fleet = start(spec("echo").build());

        Starting starting = fleet.start("echo", "test");

        assertThatThrownBy(() -> starting.ready().join()).hasCauseInstanceOf(StartFailedException.class)
                .hasMessageContaining("nope:1");
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.FAILED);
        assertThat(fleet.service("echo").message()).contains("nope:1");
    }

    @Test
    void anInstanceThatNeverBecomesHealthyIsReplacedAfterItsStartupTimeout() {
        fleet = start(spec("echo").health(healthWithStartupTimeout(Duration.ofSeconds(5))).build());
        fleet.start("echo", "test").accepted().join();
        String first = runtime.all().get(0).id();

        clock.advance(Duration.ofSeconds(6));

        await().until(() -> runtime.all().stream().noneMatch(c -> c.id().equals(first)));
        assertThat(fleet.service("echo").message()).contains("did not become healthy within 5 s");
    }

    @Test
    void anUnreachableEngineLeavesTheLastKnownStateAndIsReported() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        fleet.start("echo", "test").ready().join();

        runtime.down = true;
        fleet.reconcileAll();

        assertThat(fleet.engineReachable()).isFalse();
        assertThat(fleet.service("echo").healthy()).isEqualTo(1);
        runtime.down = false;
        fleet.reconcileAll();
        assertThat(fleet.engineReachable()).isTrue();
    }

    @Test
    void aStopWhileTheEngineIsUnreachableFailsAtOnceAndTheServiceStopsOnceTheEngineIsBack() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        fleet.start("echo", "test").ready().join();
        runtime.down = true;

        CompletableFuture<ServiceSnapshot> stop = fleet.stop("echo", "test");

        assertThatThrownBy(() -> stop.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(EngineUnavailableException.class);
        runtime.down = false;
        fleet.reconcileAll();
        await().until(() -> runtime.all().isEmpty());
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.STOPPED);
    }

    @Test
    void unknownServicesAreRejectedWithTheKnownNames() {
        fleet = start(spec("echo").build());

        assertThatThrownBy(() -> fleet.start("nope", "test")).isInstanceOf(UnknownServiceException.class)
                .hasMessageContaining("known services: echo");
    }

    @Test
    void everyChangeIsAnEventThatCarriesTheRoutableInstances() {
        List<ServiceSnapshot> seen = new CopyOnWriteArrayList<>();
        health.autoHealthy = true;
        fleet = start(spec("echo").build(), (s, type, id, reason, message) -> {
            if (type.equals(FleetEventType.INSTANCE_HEALTHY)) {
                seen.add(s);
            }
        });

        fleet.start("echo", "test").ready().join();

        await().until(() -> !seen.isEmpty());
        assertThat(seen.get(0).routable()).hasSize(1);
        assertThat(seen.get(0).instances().get(0).health()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(seen.get(0).instances().get(0).state()).isEqualTo(InstanceState.RUNNING);
    }

    // ---- helpers ----

    private FleetLifecycle start(ServiceSpec spec) {
        return start(spec, null);
    }

    private FleetLifecycle start(ServiceSpec spec, LifecycleListener extra) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        services.put(spec.name(), spec);
        FleetSettings settings = new FleetSettings(FLEET, null, null, "127.0.0.1", Duration.ofSeconds(1),
                Duration.ofSeconds(30));
        LifecycleListener listener = (s, type, id, reason, message) -> {
            events.add(type + " " + (reason == null ? "" : reason));
            if (extra != null) {
                extra.changed(s, type, id, reason, message);
            }
        };
        InstanceLoad load = new InstanceLoad() {
            @Override
            public int inFlight(String instanceId) {
                return inFlight.getOrDefault(instanceId, 0);
            }

            @Override
            public boolean drained(String instanceId, java.time.Instant since) {
                return inFlight(instanceId) == 0;
            }
        };
        FleetLifecycle lifecycle = new FleetLifecycle(new FleetConfig(null, services), settings, runtime, health, load,
                listener, clock);
        lifecycle.start();
        return lifecycle;
    }

    private static ServiceSpec.Builder spec(String name) {
        return ServiceSpec.builder(name, "mimic:1", 8000);
    }

    private static SleepPolicy sleep(SleepMode mode) {
        return new SleepPolicy(true, Duration.ofMinutes(5), Priority.NORMAL, mode, SleepPolicy.DEFAULT_DRAIN_TIMEOUT);
    }

    private static HealthCheck healthWithStartupTimeout(Duration timeout) {
        HealthCheck d = HealthCheck.DEFAULT;
        return new HealthCheck(d.type(), d.path(), d.interval(), d.timeout(), d.healthyThreshold(),
                d.unhealthyThreshold(), d.startupInterval(), timeout);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
