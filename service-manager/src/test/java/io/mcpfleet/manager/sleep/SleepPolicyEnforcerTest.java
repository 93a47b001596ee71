package io.mcpfleet.manager.sleep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.Priority;
import io.mcpfleet.config.Replicas;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.SleepMode;
import io.mcpfleet.config.SleepPolicy;
import io.mcpfleet.manager.lifecycle.CapacityGate;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.TestFleet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sleep policy driving a real lifecycle over an in-memory engine, with a clock the test moves. */
class SleepPolicyEnforcerTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private final TestFleet test = new TestFleet();
    private final SleepPolicyEnforcer enforcer = new SleepPolicyEnforcer(test.ledger, test.clock);

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void anIdleServiceSleepsOnceItsIdleTimeoutHasPassed() {
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, echo(SleepMode.PAUSE));
        fleet.start("echo", "test").ready().join();
        test.report("echo", 0, 0L);

        test.clock.advance(TIMEOUT.minusSeconds(1));
        test.report("echo", 0, TIMEOUT.minusSeconds(1).toMillis());
        enforcer.check(fleet);
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.RUNNING);
        test.clock.advance(Duration.ofSeconds(1));
        test.report("echo", 0, TIMEOUT.toMillis());
        enforcer.check(fleet);
        routerSeesTheDrain();

        await().until(() -> fleet.service("echo").state() == ServiceState.SLEEPING);
        assertThat(fleet.service("echo").lastSleep().reason()).isEqualTo("idle");
        assertThat(test.events).contains("echo instance_sleeping pause");
    }

    @Test
    void aLongCallAcrossTheIdleTimeoutIsNotCut() {
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, echo(SleepMode.STOP));
        fleet.start("echo", "test").ready().join();

        // One call, in flight for twice the idle timeout; the router reports it every minute.
        for (int minute = 1; minute <= 10; minute++) {
            test.clock.advance(Duration.ofMinutes(1));
            test.report("echo", 1, (long) minute * 60_000);
            enforcer.check(fleet);
        }
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.RUNNING);
        test.clock.advance(Duration.ofSeconds(1));
        test.report("echo", 0, 601_000L);
        enforcer.check(fleet);
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.RUNNING);
        test.clock.advance(TIMEOUT);
        test.report("echo", 0, 901_000L);
        enforcer.check(fleet);
        routerSeesTheDrain();

        await().until(() -> fleet.service("echo").state() == ServiceState.SLEEPING);
    }

    @Test
    void aServiceSlowerToStartThanItsIdleTimeoutIsIdleOnlyFromWhenItCanServe() {
        test.health.autoHealthy = false;
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, echo(SleepMode.STOP));
        var starting = fleet.start("echo", "call");
        starting.accepted().join();
        test.clock.advance(TIMEOUT.plusMinutes(1));
        test.health.reportAll(true);
        starting.ready().join();

        enforcer.check(fleet);

        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.RUNNING);
        assertThat(enforcer.verdict(fleet.service("echo")).idleFor()).isZero();
    }

    @Test
    void aQuickCallNamedInOneReportOnlyRestartsTheIdleTimer() {
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, echo(SleepMode.STOP));
        fleet.start("echo", "test").ready().join();
        test.clock.advance(TIMEOUT.plusMinutes(1));
        // The router names the service once (it had a call), then no more: it is idle again.
        test.report("echo", 0, 200L);
        test.clock.advance(Duration.ofSeconds(1));
        test.ledger.record(new ActivityReport("router-1", Map.of()));

        test.clock.advance(Duration.ofMinutes(1));
        enforcer.check(fleet);

        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.RUNNING);
        assertThat(enforcer.verdict(fleet.service("echo")).idleFor()).isEqualTo(Duration.ofMillis(61_200));
    }

    @Test
    void withoutAnyRouterAServiceSleepsItsIdleTimeoutAfterItsLastStart() {
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, echo(SleepMode.STOP));
        fleet.start("echo", "test").ready().join();

        test.clock.advance(TIMEOUT.minusSeconds(1));
        enforcer.check(fleet);
        assertThat(fleet.service("echo").state()).isEqualTo(ServiceState.RUNNING);
        assertThat(enforcer.verdict(fleet.service("echo")).why()).contains("no router reports activity");
        test.clock.advance(Duration.ofSeconds(1));
        enforcer.check(fleet);

        await().until(() -> fleet.service("echo").state() == ServiceState.SLEEPING);
    }

    @Test
    void aServiceWithMinimumReplicasOrNoSleepPolicyStaysUp() {
        ServiceSpec kept = ServiceSpec.builder("kept", "mimic:1", 8000).replicas(new Replicas(1, 2)).autoStart(true)
                .build();
        ServiceSpec awake = ServiceSpec.builder("awake", "mimic:1", 8000)
                .sleepPolicy(new SleepPolicy(false, TIMEOUT, Priority.NORMAL, SleepMode.STOP, TIMEOUT)).build();
        FleetLifecycle fleet = test.start(CapacityGate.UNLIMITED, kept, awake);
        fleet.start("awake", "test").ready().join();
        await().until(() -> fleet.service("kept").healthy() == 1);

        test.clock.advance(Duration.ofDays(1));
        enforcer.check(fleet);

        assertThat(fleet.services()).extracting(s -> s.state()).containsOnly(ServiceState.RUNNING);
    }

    @Test
    void aManagerRestartGivesAdoptedServicesAFreshIdleTimer() {
        FleetLifecycle first = test.start(CapacityGate.UNLIMITED, echo(SleepMode.STOP));
        first.start("echo", "test").ready().join();
        test.clock.advance(TIMEOUT.minusSeconds(10));
        first.close();

        FleetLifecycle second = test.start(CapacityGate.UNLIMITED, echo(SleepMode.STOP));
        await().until(() -> second.service("echo").healthy() == 1);
        test.clock.advance(Duration.ofSeconds(20));
        enforcer.check(second);

        assertThat(second.service("echo").state()).isEqualTo(ServiceState.RUNNING);
        assertThat(enforcer.verdict(second.service("echo")).idleFor()).isEqualTo(Duration.ofSeconds(20));
    }

    /** The router's next report, a second later: it shows nothing in flight on the draining instance. */
    private void routerSeesTheDrain() {
        await().until(() -> test.fleet().service("echo").state() == ServiceState.DRAINING);
        test.clock.advance(Duration.ofSeconds(1));
        test.report("echo", 0, null);
    }

    private static ServiceSpec echo(SleepMode mode) {
        return ServiceSpec.builder("echo", "mimic:1", 8000)
                .sleepPolicy(new SleepPolicy(true, TIMEOUT, Priority.NORMAL, mode, SleepPolicy.DEFAULT_DRAIN_TIMEOUT))
                .build();
    }
}
