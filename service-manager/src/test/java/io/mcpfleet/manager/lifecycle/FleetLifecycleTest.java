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
import io.mcpfleet.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
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
    private final FakeGate gate = new FakeGate();
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

        List<Instance> ready = startAtOnce("echo", 20);

        assertThat(runtime.creates.get()).isEqualTo(1);
        assertThat(ready).extracting(Instance::id).containsOnly(ready.get(0).id());
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
    void anAdoptedContainerThatStartedLongBeforeTheStartupTimeoutIsKept() {
        ServiceSpec spec = spec("echo").build();
        fleet = start(spec);
        Starting starting = fleet.start("echo", "test");
        starting.accepted().join();
        String id = runtime.all().get(0).id();
        health.report(id, true);
        starting.ready().join();
        fleet.close();
        clock.advance(Duration.ofHours(2));

        fleet = start(spec);
        health.report(id, true);

        await().until(() -> fleet.service("echo").healthy() == 1);
        assertThat(runtime.all()).extracting(ContainerSnapshot::id).containsExactly(id);
    }

    @Test
    void anUnpausedSleeperWhoseFirstProbeFailsIsGivenItsStartupTimeout() {
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.PAUSE)).build());
        Starting starting = fleet.start("echo", "test");
        starting.accepted().join();
        String id = runtime.all().get(0).id();
        health.report(id, true);
        starting.ready().join();
        fleet.sleep("echo", "idle").join();
        clock.advance(Duration.ofHours(2));

        Starting waking = fleet.start("echo", "call");
        waking.accepted().join();
        health.report(id, false);
        health.report(id, true);

        assertThat(waking.ready().join().id()).isEqualTo(id);
        assertThat(runtime.creates.get()).isEqualTo(1);
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
    void aDrainingInstanceThatFailsItsProbesStillWaitsForItsCalls() {
        fleet = start(spec("echo").build());
        Starting starting = fleet.start("echo", "test");
        starting.accepted().join();
        String id = runtime.all().get(0).id();
        health.report(id, true);
        starting.ready().join();
        inFlight.put(id, 1);
        CompletableFuture<ServiceSnapshot> stopped = fleet.stop("echo", "test");
        await().until(() -> fleet.service("echo").state() == ServiceState.DRAINING);

        // a busy server misses its probes while it finishes its calls
        for (int i = 0; i < 5; i++) {
            health.report(id, false);
        }
        await().until(() -> fleet.service("echo").instances().get(0).health() == HealthStatus.UNHEALTHY);
        fleet.reconcileAll();

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
    void aStartThatTimesOutSaysWhatItsLastProbeSaw() {
        fleet = start(spec("echo").health(healthWithStartupTimeout(Duration.ofSeconds(5))).build());
        fleet.start("echo", "test").accepted().join();
        String first = runtime.all().get(0).id();
        health.report(first, false);
        await().until(() -> fleet.service("echo").instances().get(0).failures() == 1);

        clock.advance(Duration.ofSeconds(6));

        await().until(() -> runtime.all().stream().noneMatch(c -> c.id().equals(first)));
        assertThat(fleet.service("echo").message())
                .contains("did not become healthy within 5 s; its last probe: test says no");
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

    @Test
    void theIdleTimerStartsAtAdoptionAndAgainAtEveryStart() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        assertThat(fleet.service("echo").awakeSince()).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(3));
        fleet.start("echo", "test").ready().join();

        assertThat(fleet.service("echo").awakeSince()).isEqualTo(clock.instant());
    }

    @Test
    void aWakeIsRecordedFromTheRequestToTheFirstHealthyProbeWithItsMode() {
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.PAUSE)).build());
        Starting first = fleet.start("echo", "test");
        first.accepted().join();
        health.reportAll(true);
        first.ready().join();
        fleet.sleep("echo", "idle").join();
        assertThat(fleet.service("echo").lastWake()).isNull();

        Starting waking = fleet.start("echo", "call");
        waking.accepted().join();
        clock.advance(Duration.ofMillis(40));
        health.reportAll(true);
        waking.ready().join();

        Transition wake = fleet.service("echo").lastWake();
        assertThat(wake.reason()).isEqualTo("call");
        assertThat(wake.mode()).isEqualTo("pause");
        assertThat(wake.took()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void aSleepIsRecordedOnceEveryInstanceSleeps() {
        health.autoHealthy = true;
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.STOP)).build());
        fleet.scale("echo", 2, "test").join();
        await().until(() -> fleet.service("echo").healthy() == 2);
        String busy = fleet.service("echo").instances().get(0).id();
        inFlight.put(busy, 1);

        CompletableFuture<ServiceSnapshot> asleep = fleet.sleep("echo", "idle");
        await().until(() -> runtime.withStatus(ContainerStatus.EXITED).size() == 1);
        assertThat(fleet.service("echo").lastSleep()).isNull();
        clock.advance(Duration.ofSeconds(2));
        inFlight.put(busy, 0);
        asleep.join();

        Transition sleep = fleet.service("echo").lastSleep();
        assertThat(sleep.reason()).isEqualTo("idle");
        assertThat(sleep.mode()).isEqualTo("stop");
        assertThat(sleep.took()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aWakeUnpausesBeforeListingTheEngine() {
        health.autoHealthy = true;
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.PAUSE)).build());
        String id = fleet.start("echo", "test").ready().join().id();
        fleet.sleep("echo", "idle").join();
        // Runs after the reconciles the sleep's own engine events asked for.
        fleet.scale("echo", 0, "flush").join();
        int before = runtime.operations.size();

        fleet.start("echo", "call").ready().join();

        // a copy: the worker may still append (a reconcile's list) while the assertions read
        List<String> all = List.copyOf(runtime.operations);
        List<String> ops = all.subList(before, all.size());
        assertThat(ops).contains("unpause " + id);
        assertThat(ops.subList(0, ops.indexOf("unpause " + id))).doesNotContain("list");
    }

    @Test
    void aSleepCancelledByAStartIsNeitherASleepNorAWake() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        String id = fleet.start("echo", "test").ready().join().id();
        inFlight.put(id, 1);
        fleet.sleep("echo", "idle");
        await().until(() -> fleet.service("echo").state() == ServiceState.DRAINING);

        fleet.start("echo", "call").ready().join();
        inFlight.put(id, 0);
        fleet.reconcileAll();

        await().until(() -> events.contains("instance_healthy sleep-cancelled"));
        assertThat(fleet.service("echo").lastSleep()).isNull();
        assertThat(fleet.service("echo").lastWake()).isNull();
    }

    @Test
    void evictionSleepsAPauseModeServiceInStopModeAndStopsItsPausedSleepers() {
        health.autoHealthy = true;
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.PAUSE)).build());
        fleet.scale("echo", 2, "test").join();
        await().until(() -> fleet.service("echo").healthy() == 2);
        List<String> ids = fleet.service("echo").instances().stream().map(Instance::id).toList();
        fleet.sleep("echo", "idle").join();
        assertThat(runtime.withStatus(ContainerStatus.PAUSED)).hasSize(2);

        fleet.evict("echo", "memory: other needs 1 GiB").join();

        await().until(() -> runtime.withStatus(ContainerStatus.EXITED).size() == 2);
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(fleet.service("echo").lastSleep().reason()).isEqualTo("memory: other needs 1 GiB");
        assertThat(fleet.service("echo").lastSleep().mode()).isEqualTo("stop");
        assertThat(fleet.start("echo", "call").ready().join().id()).isIn(ids);
        assertThat(runtime.creates.get()).isEqualTo(2);
    }

    @Test
    void aSleepDecidedBeforeALaterStartDoesNotHappen() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        fleet.start("echo", "test").ready().join();
        var decidedOn = fleet.service("echo").awakeSince();
        clock.advance(Duration.ofSeconds(1));
        fleet.start("echo", "call").ready().join();

        fleet.sleepIfStill("echo", "idle", decidedOn).join();

        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.RUNNING);
        assertThat(runtime.operations).noneMatch(op -> op.startsWith("stop"));
    }

    @Test
    void passingProbesAndAnUnchangedEngineCostOneListCallAndNoInspect() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build(), spec("idle").build());
        String id = fleet.start("echo", "test").ready().join().id();
        fleet.scale("echo", 1, "test").join();
        int before = runtime.operations.size();

        for (int i = 0; i < 5; i++) {
            health.report(id, true);
        }
        fleet.checkAll();
        barrier("echo");
        barrier("idle");

        assertThat(runtime.operations.subList(before, runtime.operations.size())).isNotEmpty()
                .allMatch("listed"::equals);
    }

    @Test
    void aContainerThatDiedUnseenIsFoundByThePeriodicCheckAndReplaced() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        String id = fleet.start("echo", "test").ready().join().id();
        fleet.scale("echo", 1, "test").join();

        runtime.crashUnseen(id);
        fleet.checkAll();

        await().until(() -> runtime.withStatus(ContainerStatus.RUNNING).size() == 1
                && !runtime.withStatus(ContainerStatus.RUNNING).get(0).id().equals(id));
        assertThat(events).contains("instance_removed crashed");
    }

    @Test
    void rescaleLeavesASleepingServiceAsleep() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        fleet.start("echo", "test").ready().join();
        fleet.sleep("echo", "idle").join();
        int before = runtime.operations.size();

        fleet.rescale("echo", 3, "autoscale: load").join();

        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(fleet.service("echo").desired()).isZero();
        assertThat(runtime.operations.subList(before, runtime.operations.size())).allMatch("list"::equals);
    }

    @Test
    void hundredConcurrentStartsOfASleepingServiceWakeItOnce() throws Exception {
        health.autoHealthy = true;
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.STOP)).build());
        String id = fleet.start("echo", "test").ready().join().id();
        fleet.sleep("echo", "idle").join();

        List<Instance> ready = startAtOnce("echo", 100);

        assertThat(ready).extracting(Instance::id).containsOnly(id);
        assertThat(runtime.creates.get()).isEqualTo(1);
        assertThat(runtime.operations.stream().filter(op -> op.equals("start " + id))).hasSize(2);
    }

    @Test
    void theGateIsAskedBeforeACreateAndAStopModeWakeButNotBeforeAnUnpause() {
        health.autoHealthy = true;
        fleet = start(spec("stopper").sleepPolicy(sleep(SleepMode.STOP)).build(),
                spec("pauser").sleepPolicy(sleep(SleepMode.PAUSE)).build());
        fleet.start("stopper", "test").ready().join();
        fleet.start("pauser", "test").ready().join();
        fleet.sleep("stopper", "idle").join();
        fleet.sleep("pauser", "idle").join();
        assertThat(gate.asked).containsExactly("stopper", "pauser");

        fleet.start("stopper", "call").ready().join();
        fleet.start("pauser", "call").ready().join();

        assertThat(gate.asked).containsExactly("stopper", "pauser", "stopper");
        assertThat(gate.released.get()).isEqualTo(3);
    }

    @Test
    void aStartWaitsWhileTheGateMakesRoomThenGoesAhead() {
        health.autoHealthy = true;
        fleet = start(spec("echo").build());
        gate.waitWith = "waiting for memory: other going to sleep";

        Starting starting = fleet.start("echo", "test");
        starting.accepted().join();

        assertThat(runtime.creates.get()).isZero();
        assertThat(fleet.service("echo").message()).contains("waiting for memory");
        await().until(() -> gate.asked.size() >= 2);
        assertThat(starting.ready()).isNotDone();
        gate.waitWith = null;
        assertThat(starting.ready().join()).isNotNull();
        assertThat(runtime.creates.get()).isEqualTo(1);
        assertThat(fleet.service("echo").message()).isNull();
    }

    @Test
    void aStartTheGateRefusesFailsWithItsReasonAndTheServiceSleepsOn() {
        health.autoHealthy = true;
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.STOP)).build());
        fleet.start("echo", "test").ready().join();
        fleet.sleep("echo", "idle").join();
        gate.next.add(Admission.denied("memory budget exceeded: echo needs 64 MiB"));

        Starting starting = fleet.start("echo", "call");

        assertThatThrownBy(() -> starting.ready().join()).hasCauseInstanceOf(StartFailedException.class)
                .hasMessageContaining("memory budget exceeded: echo needs 64 MiB");
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(fleet.service("echo").message()).contains("memory budget exceeded");
        assertThat(runtime.withStatus(ContainerStatus.EXITED)).hasSize(1);
        assertThat(fleet.start("echo", "call").ready().join()).isNotNull();
    }

    @Test
    void aLearningStartWhoseImageIsMissingLeavesTheServiceStoppedWithTheReason() {
        runtime.failCreates = new ImageNotFoundException("unit-echo-1", "nope:1", null);
        fleet = start(spec("echo").build());

        fleet.startToLearn("echo").accepted().join();

        await().until(() -> fleet.service("echo").state() == ServiceState.STOPPED);
        assertThat(fleet.service("echo").desired()).isZero();
        assertThat(fleet.service("echo").message()).contains("only to learn its tools").contains("nope:1")
                .contains("stopped again");
        assertThat(events).contains("service_state learn-failed");
        clock.advance(Duration.ofMinutes(5));
        fleet.reconcileAll();
        barrier("echo");
        assertThat(events.stream().filter("service_state start-failed"::equals)).hasSize(1);
    }

    @Test
    void aLearningStartThatFailsThreeTimesPutsASleepingServiceBackToSleep() {
        health.autoHealthy = true;
        fleet = start(spec("echo").sleepPolicy(sleep(SleepMode.STOP)).build());
        fleet.start("echo", "test").ready().join();
        fleet.sleep("echo", "idle").join();
        runtime.remove(runtime.all().get(0).id());
        await().until(() -> fleet.service("echo").instances().isEmpty());
        runtime.failCreates = new ContainerRuntimeException("create", "unit-echo-2", "no space left on device", null);

        fleet.startToLearn("echo").accepted().join();
        failedStarts(3);

        await().until(() -> fleet.service("echo").state() == ServiceState.SLEEPING);
        assertThat(fleet.service("echo").desired()).isZero();
        assertThat(fleet.service("echo").message()).contains("no space left on device").contains("asleep again");
        clock.advance(Duration.ofMinutes(5));
        fleet.reconcileAll();
        barrier("echo");
        assertThat(events.stream().filter("service_state start-failed"::equals)).hasSize(3);
    }

    @Test
    void aRealStartDuringALearningStartKeepsTheServiceWanted() {
        runtime.failCreates = new ContainerRuntimeException("create", "unit-echo-1", "no space left on device", null);
        fleet = start(spec("echo").build());
        fleet.startToLearn("echo").accepted().join();
        failedStarts(1);

        fleet.start("echo", "call");
        failedStarts(3);

        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.FAILED);
        assertThat(fleet.service("echo").desired()).isEqualTo(1);
        assertThat(events).doesNotContain("service_state learn-failed");
    }

    /** Moves the clock past each back-off and reconciles until {@code count} starts in all have failed. */
    private void failedStarts(int count) {
        await().until(() -> {
            if (events.stream().filter("service_state start-failed"::equals).count() >= count) {
                return true;
            }
            clock.advance(Duration.ofMinutes(2));
            fleet.reconcileAll();
            return false;
        });
    }

    // ---- helpers ----

    /** A capacity gate that answers what the test queued, else grants; it records who asked. */
    private static final class FakeGate implements CapacityGate {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final java.util.Queue<Admission> next = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicInteger released = new java.util.concurrent.atomic.AtomicInteger();
        /** While set, every answer is to wait with this detail. */
        volatile String waitWith;

        @Override
        public Admission admit(ServiceSpec spec) {
            asked.add(spec.name());
            if (waitWith != null) {
                return Admission.waitFor(waitWith);
            }
            Admission queued = next.poll();
            return queued != null ? queued : Admission.granted(released::incrementAndGet);
        }
    }

    private FleetLifecycle start(ServiceSpec spec) {
        return start(spec, (LifecycleListener) null);
    }

    private FleetLifecycle start(ServiceSpec... specs) {
        return start(null, specs);
    }

    private FleetLifecycle start(ServiceSpec spec, LifecycleListener extra) {
        return start(extra, spec);
    }

    private FleetLifecycle start(LifecycleListener extra, ServiceSpec... specs) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (ServiceSpec spec : specs) {
            services.put(spec.name(), spec);
        }
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
                listener, gate, clock);
        lifecycle.start();
        return lifecycle;
    }

    /** Returns once the service's worker has done everything queued before: a sleep that does not apply does nothing else. */
    private void barrier(String service) {
        fleet.sleepIfStill(service, "barrier", Instant.EPOCH).join();
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

    /** {@code callers} starts of the service, released together from 20 threads; the instances they got. */
    private List<Instance> startAtOnce(String service, int callers) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Instance>> ready = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            ready.add(CompletableFuture.supplyAsync(() -> {
                awaitLatch(go);
                return fleet.start(service, "call").ready().join();
            }, threads));
        }
        go.countDown();
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        threads.shutdown();
        return ready.stream().map(CompletableFuture::join).toList();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
