package io.mcpfleet.manager.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.Priority;
import io.mcpfleet.config.Replicas;
import io.mcpfleet.config.Resources;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.SleepMode;
import io.mcpfleet.config.SleepPolicy;
import io.mcpfleet.manager.lifecycle.ContainerStatus;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import io.mcpfleet.manager.lifecycle.Starting;
import io.mcpfleet.manager.lifecycle.StartFailedException;
import io.mcpfleet.manager.lifecycle.TestFleet;
import io.mcpfleet.manager.sleep.SleepPolicyEnforcer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The budget as the lifecycle's capacity gate, over an in-memory engine. */
class MemoryBudgetTest {

    private static final long MIB = 1L << 20;
    private final TestFleet test = new TestFleet();
    private final Footprints footprints = new Footprints();
    private final SleepPolicyEnforcer sleepPolicy = new SleepPolicyEnforcer(test.ledger, test.clock);
    private MemoryBudget budget;

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void startsThatFitAreAdmitted() {
        FleetLifecycle fleet = start(200, spec("a", Priority.NORMAL, SleepMode.STOP, 64),
                spec("b", Priority.NORMAL, SleepMode.STOP, 64));

        fleet.start("a", "test").ready().join();
        fleet.start("b", "test").ready().join();

        assertThat(budget.accounted()).isEqualTo(128 * MIB);
    }

    @Test
    void anIdleLowerPriorityServiceSleepsToMakeRoomAndTheStartWaitsForIt() {
        FleetLifecycle fleet = start(100, spec("low", Priority.LOW, SleepMode.STOP, 64),
                spec("high", Priority.HIGH, SleepMode.STOP, 64));
        fleet.start("low", "test").ready().join();

        Starting high = fleet.start("high", "call");

        await().until(() -> fleet.service("low").state() == ServiceState.SLEEPING);
        awaitDone(high.ready());
        assertThat(fleet.service("high").healthy()).isEqualTo(1);
        assertThat(fleet.service("low").lastSleep().reason()).isEqualTo("memory: high needs 64 MiB");
        assertThat(test.runtime.withStatus(ContainerStatus.EXITED)).hasSize(1);
    }

    @Test
    void theLowestPriorityGoesFirstThenTheLongestIdle() {
        FleetLifecycle fleet = start(200, spec("normal-old", Priority.NORMAL, SleepMode.STOP, 64),
                spec("low", Priority.LOW, SleepMode.STOP, 64), spec("normal-new", Priority.NORMAL, SleepMode.STOP, 64),
                spec("newcomer", Priority.NORMAL, SleepMode.STOP, 128));
        fleet.start("normal-old", "test").ready().join();
        test.clock.advance(Duration.ofMinutes(1));
        fleet.start("low", "test").ready().join();
        test.clock.advance(Duration.ofMinutes(1));
        fleet.start("normal-new", "test").ready().join();

        Starting newcomer = fleet.start("newcomer", "call");

        awaitDone(newcomer.ready());
        assertThat(fleet.service("low").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(fleet.service("normal-old").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(fleet.service("normal-new").state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void pausedSleepersAreStoppedToMakeRoom() {
        FleetLifecycle fleet = start(100, spec("paused", Priority.NORMAL, SleepMode.PAUSE, 64),
                spec("other", Priority.NORMAL, SleepMode.STOP, 64));
        fleet.start("paused", "test").ready().join();
        fleet.sleep("paused", "idle").join();
        assertThat(budget.accounted()).isEqualTo(64 * MIB);

        Starting other = fleet.start("other", "call");

        awaitDone(other.ready());
        assertThat(test.runtime.withStatus(ContainerStatus.PAUSED)).isEmpty();
        assertThat(fleet.service("paused").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(fleet.service("paused").lastSleep().mode()).isEqualTo("stop");
    }

    @Test
    void whenNothingCanSleepTheStartFailsSayingWhatRunsAndWhy() {
        ServiceSpec critical = spec("crit", Priority.CRITICAL, SleepMode.STOP, 40);
        ServiceSpec higher = spec("higher", Priority.HIGH, SleepMode.STOP, 20);
        ServiceSpec busy = spec("busy", Priority.LOW, SleepMode.STOP, 30);
        FleetLifecycle fleet = start(100, critical, higher, busy, spec("wanted", Priority.NORMAL, SleepMode.STOP, 32));
        fleet.start("crit", "test").ready().join();
        fleet.start("higher", "test").ready().join();
        fleet.start("busy", "test").ready().join();
        test.report("busy", 2, 0L);

        Starting wanted = fleet.start("wanted", "call");

        assertThatThrownBy(() -> wanted.ready().join()).hasCauseInstanceOf(StartFailedException.class)
                .hasMessageContaining("memory budget exceeded: wanted needs 32 MiB, 90 MiB of the 100 MiB budget")
                .hasMessageContaining("crit 40 MiB (critical)")
                .hasMessageContaining("busy 30 MiB (busy: 2 calls in flight)")
                .hasMessageContaining("higher 20 MiB (priority high)");
        assertThat(fleet.service("wanted").state()).isEqualTo(ServiceState.STOPPED);
        assertThat(fleet.service("wanted").message()).contains("memory budget exceeded");
        assertThat(test.runtime.all()).hasSize(3);
    }

    @Test
    void servicesThatDoNotSleepAreNeverEvicted() {
        ServiceSpec kept = ServiceSpec.builder("kept", "mimic:1", 8000).resources(new Resources(64 * MIB, 0))
                .replicas(new Replicas(1, 2)).autoStart(true).build();
        FleetLifecycle fleet = start(100, kept, spec("wanted", Priority.NORMAL, SleepMode.STOP, 64));
        await().until(() -> fleet.service("kept").healthy() == 1);

        assertThatThrownBy(() -> fleet.start("wanted", "call").ready().join())
                .hasMessageContaining("kept 64 MiB (replicas.min 1)");
    }

    @Test
    void oneInstanceLargerThanTheWholeBudgetIsRefusedAtOnce() {
        FleetLifecycle fleet = start(100, spec("huge", Priority.NORMAL, SleepMode.STOP, 512));

        assertThatThrownBy(() -> fleet.start("huge", "call").ready().join())
                .hasMessageContaining("smaller than what one instance of huge needs (512 MiB)");
    }

    @Test
    void withoutALimitAnInstanceCountsItsMeasuredUse() {
        ServiceSpec unlimited = ServiceSpec.builder("free", "mimic:1", 8000).sleepPolicy(policy(Priority.NORMAL,
                SleepMode.STOP)).build();
        FleetLifecycle fleet = start(100, unlimited, spec("other", Priority.HIGH, SleepMode.STOP, 64));
        String id = fleet.start("free", "test").ready().join().id();
        test.runtime.usage.put(id, new ResourceUsage(50 * MIB, 0.01, test.clock.instant()));
        footprints.sample(fleet.services(), test.runtime);
        assertThat(budget.accounted()).isEqualTo(50 * MIB);

        awaitDone(fleet.start("other", "call").ready());

        assertThat(fleet.service("free").state()).isEqualTo(ServiceState.SLEEPING);
        assertThat(footprints.released(fleet.service("free"))).isEqualTo(50 * MIB);
        // Woken again, it is expected to need what it used before.
        assertThatThrownBy(() -> fleet.start("free", "call").ready().join())
                .hasMessageContaining("free needs 50 MiB");
    }

    @Test
    void concurrentStartsDoNotBothTakeTheLastRoom() {
        FleetLifecycle fleet = start(100, spec("a", Priority.CRITICAL, SleepMode.STOP, 64),
                spec("b", Priority.CRITICAL, SleepMode.STOP, 64));

        CompletableFuture<?> a = fleet.start("a", "call").ready();
        CompletableFuture<?> b = fleet.start("b", "call").ready();

        await().until(() -> a.isDone() && b.isDone());
        assertThat(a.isCompletedExceptionally() ^ b.isCompletedExceptionally()).isTrue();
        assertThat(test.runtime.all()).hasSize(1);
    }

    // ---- helpers ----

    private FleetLifecycle start(long budgetMib, ServiceSpec... specs) {
        budget = new MemoryBudget(budgetMib * MIB, budgetMib + "MiB", test.runtime, footprints, sleepPolicy,
                test.clock);
        FleetLifecycle fleet = test.start(budget, specs);
        budget.bind(fleet);
        return fleet;
    }

    /** A start waiting for room asks the budget again every 200 ms (real time) until it gets it. */
    private static void awaitDone(CompletableFuture<?> ready) {
        await().until(ready::isDone);
        ready.join();
    }

    private static ServiceSpec spec(String name, Priority priority, SleepMode mode, long memoryMib) {
        return ServiceSpec.builder(name, "mimic:1", 8000).resources(new Resources(memoryMib * MIB, 0))
                .sleepPolicy(policy(priority, mode)).build();
    }

    private static SleepPolicy policy(Priority priority, SleepMode mode) {
        return new SleepPolicy(true, Duration.ofMinutes(5), priority, mode, SleepPolicy.DEFAULT_DRAIN_TIMEOUT);
    }
}
