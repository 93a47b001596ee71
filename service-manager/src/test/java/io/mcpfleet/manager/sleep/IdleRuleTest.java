package io.mcpfleet.manager.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.api.InstanceState;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.Priority;
import io.mcpfleet.config.Replicas;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.SleepMode;
import io.mcpfleet.config.SleepPolicy;
import io.mcpfleet.manager.activity.ActivityLedger.Activity;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdleRuleTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Test
    void aServiceIdleForItsTimeoutSleeps() {
        ServiceSnapshot s = running(spec().build(), NOW.minus(TIMEOUT));

        SleepVerdict verdict = IdleRule.judge(s, idle(), null, true, NOW);

        assertThat(verdict.sleep()).isTrue();
        assertThat(verdict.idleFor()).isEqualTo(TIMEOUT);
        assertThat(verdict.why()).isEqualTo("idle for 300 s (idle_timeout 300 s)");
    }

    @Test
    void workInFlightStreamsAndSessionsKeepItUp() {
        ServiceSnapshot s = running(spec().build(), NOW.minus(Duration.ofHours(1)));

        SleepVerdict calls = IdleRule.judge(s, Optional.of(new Activity(2, 0, 0, null)), null, true, NOW);
        SleepVerdict stream = IdleRule.judge(s, Optional.of(new Activity(0, 1, 0, null)), null, true, NOW);
        SleepVerdict session = IdleRule.judge(s, Optional.of(new Activity(0, 0, 3, null)), null, true, NOW);

        assertThat(List.of(calls, stream, session)).noneMatch(SleepVerdict::sleep);
        assertThat(calls.why()).isEqualTo("busy: 2 calls in flight");
        assertThat(stream.why()).isEqualTo("busy: 1 open stream");
        assertThat(session.why()).isEqualTo("busy: 3 sessions bound");
        assertThat(calls.idleFor()).isNull();
    }

    @Test
    void idleTimeCountsFromTheLastActivity() {
        ServiceSnapshot s = running(spec().build(), NOW.minus(Duration.ofHours(1)));

        SleepVerdict verdict = IdleRule.judge(s, idle(), NOW.minusSeconds(90), true, NOW);

        assertThat(verdict.sleep()).isFalse();
        assertThat(verdict.idleFor()).isEqualTo(Duration.ofSeconds(90));
        assertThat(verdict.sleepsIn()).isEqualTo(Duration.ofSeconds(210));
        assertThat(verdict.why()).isEqualTo("idle for 90 s of 300 s");
    }

    @Test
    void aLongCallThatJustEndedIsNotIdleTime() {
        ServiceSnapshot s = running(spec().build(), NOW.minus(Duration.ofHours(1)));

        // The call began 10 minutes ago and was still in flight 20 s ago.
        SleepVerdict verdict = IdleRule.judge(s, idle(), NOW.minusSeconds(20), true, NOW);

        assertThat(verdict.sleep()).isFalse();
        assertThat(verdict.idleFor()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void withoutRoutersTheLastStartIsAllThatCounts() {
        ServiceSnapshot young = running(spec().build(), NOW.minusSeconds(30));
        ServiceSnapshot old = running(spec().build(), NOW.minus(TIMEOUT).minusSeconds(1));

        SleepVerdict stays = IdleRule.judge(young, Optional.empty(), null, false, NOW);
        SleepVerdict sleeps = IdleRule.judge(old, Optional.empty(), null, false, NOW);

        assertThat(stays.sleep()).isFalse();
        assertThat(stays.why()).contains("no router reports activity");
        assertThat(sleeps.sleep()).isTrue();
    }

    @Test
    void aServiceThatMustStayUpNeverSleeps() {
        Instant longAgo = NOW.minus(Duration.ofDays(1));
        ServiceSnapshot disabled = running(spec().sleepPolicy(policy(false)).build(), longAgo);
        ServiceSnapshot kept = running(spec().replicas(new Replicas(1, 3)).build(), longAgo);

        assertThat(IdleRule.judge(disabled, idle(), null, true, NOW).why())
                .isEqualTo("sleep_policy.enabled is false");
        assertThat(IdleRule.judge(kept, idle(), null, true, NOW).why())
                .isEqualTo("replicas.min is 1: kept running");
    }

    @Test
    void aStartingOrSleepingServiceIsNotPutToSleep() {
        ServiceSpec spec = spec().build();
        Instant longAgo = NOW.minus(Duration.ofDays(1));
        ServiceSnapshot starting = new ServiceSnapshot(spec, ServiceState.STARTING, 1, false, List.of(), null, NOW,
                longAgo, null, null, null);
        ServiceSnapshot sleeping = new ServiceSnapshot(spec, ServiceState.SLEEPING, 0, true, List.of(), null, NOW,
                longAgo, null, null, null);

        assertThat(IdleRule.judge(starting, idle(), null, true, NOW).sleep()).isFalse();
        assertThat(IdleRule.judge(sleeping, idle(), null, true, NOW).why()).startsWith("asleep (stop)");
    }

    private static Optional<Activity> idle() {
        return Optional.of(new Activity(0, 0, 0, null));
    }

    private static ServiceSnapshot running(ServiceSpec spec, Instant awakeSince) {
        Instance i = new Instance("c1", "unit-echo-1", "h", InstanceState.RUNNING, HealthStatus.HEALTHY,
                "http://127.0.0.1:1", awakeSince, null, false, 0, 1, 0.001);
        return new ServiceSnapshot(spec, ServiceState.RUNNING, 1, false, List.of(i), null, NOW, awakeSince, null,
                null, null);
    }

    private static ServiceSpec.Builder spec() {
        return ServiceSpec.builder("echo", "mimic:1", 8000).sleepPolicy(policy(true));
    }

    private static SleepPolicy policy(boolean enabled) {
        return new SleepPolicy(enabled, TIMEOUT, Priority.NORMAL, SleepMode.STOP, SleepPolicy.DEFAULT_DRAIN_TIMEOUT);
    }
}
