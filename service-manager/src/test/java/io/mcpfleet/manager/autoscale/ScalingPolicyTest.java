package io.mcpfleet.manager.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.config.Autoscale;
import io.mcpfleet.config.Replicas;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The autoscaler's decisions, fed one sample a second by a fake clock; no containers. */
class ScalingPolicyTest {

    /** Target 10 in flight, windows 60 s / 6 s, panic at 2x, scale-down delay 30 s, cooldown 5 s. */
    private static final Autoscale CFG = new Autoscale(true, 10, 0, Duration.ofSeconds(60), Duration.ofSeconds(6),
            2.0, Duration.ofSeconds(30), Duration.ofSeconds(5));
    private static final Replicas BOUNDS = new Replicas(0, 10);

    private final ScalingPolicy policy = new ScalingPolicy();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private int replicas;
    private final List<ScaleDecision> decisions = new ArrayList<>();

    @Test
    void steadyLoadAtTargetKeepsTheReplicaCount() {
        replicas = 3;

        run(300, 25, Double.NaN, CFG, BOUNDS);

        assertThat(decisions).isEmpty();
        assertThat(replicas).isEqualTo(3);
    }

    @Test
    void slowlyRisingLoadScalesUpOnTheStableAverage() {
        replicas = 2;
        run(60, 18, Double.NaN, CFG, BOUNDS);

        run(60, 28, Double.NaN, CFG, BOUNDS);

        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.direction()).isEqualTo("up");
            assertThat(d.reason()).isEqualTo("load");
            assertThat(d.detail()).contains("over 60 s");
        });
        assertThat(replicas).isEqualTo(3);
    }

    @Test
    void aBurstPanicsAndScalesUpWithinSecondsNotAMinute() {
        replicas = 1;
        run(60, 0, Double.NaN, CFG, BOUNDS);

        run(3, 60, Double.NaN, CFG, BOUNDS);

        // The 6 s window holds 2 s of the burst after 2 s: 20 calls on average, twice one instance's target.
        assertThat(decisions).extracting(ScaleDecision::replicas).containsExactly(2, 3);
        assertThat(decisions).extracting(ScaleDecision::reason).containsOnly("panic");
        assertThat(decisions.get(0).detail()).contains("calls in flight over 6 s");
        assertThat(policy.panicking()).isTrue();
        run(10, 60, Double.NaN, CFG, BOUNDS);
        assertThat(replicas).isEqualTo(6);
    }

    @Test
    void inPanicItNeverScalesDownAndLeavesPanicAStableWindowAfterTheBurst() {
        replicas = 1;
        run(60, 0, Double.NaN, CFG, BOUNDS);
        run(20, 60, Double.NaN, CFG, BOUNDS);
        int peak = replicas;
        decisions.clear();

        run(59, 0, Double.NaN, CFG, BOUNDS);
        assertThat(decisions).isEmpty();
        assertThat(replicas).isEqualTo(peak);
        run(60, 0, Double.NaN, CFG, BOUNDS);

        assertThat(policy.panicking()).isFalse();
        assertThat(decisions).isNotEmpty().allMatch(d -> d.direction().equals("down"));
    }

    @Test
    void scaleDownWaitsForTheDelayAndAtMostHalvesEachStep() {
        replicas = 8;

        List<Integer> counts = new ArrayList<>();
        List<Long> secondsAt = new ArrayList<>();
        Instant begin = now;
        for (int s = 0; s < 200; s++) {
            int before = replicas;
            run(1, 0, Double.NaN, CFG, BOUNDS);
            if (replicas != before) {
                counts.add(replicas);
                secondsAt.add(Duration.between(begin, now).toSeconds());
            }
        }

        assertThat(counts).containsExactly(4, 2, 1);
        assertThat(secondsAt.get(0)).isGreaterThanOrEqualTo(30);
        assertThat(secondsAt.get(1) - secondsAt.get(0)).isGreaterThanOrEqualTo(30);
        assertThat(decisions).allMatch(d -> d.reason().equals("load") && d.direction().equals("down"));
    }

    @Test
    void aLowerFigureThatDoesNotHoldForTheDelayDoesNotScaleDown() {
        Autoscale shortWindows = new Autoscale(true, 10, 0, Duration.ofSeconds(10), Duration.ofSeconds(2), 2.0,
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        replicas = 4;
        run(20, 40, Double.NaN, shortWindows, BOUNDS);

        for (int i = 0; i < 6; i++) {
            run(20, 5, Double.NaN, shortWindows, BOUNDS);
            run(15, 40, Double.NaN, shortWindows, BOUNDS);
        }

        assertThat(decisions).noneMatch(d -> d.direction().equals("down"));
    }

    @Test
    void cooldownSpacesStepsOutsidePanic() {
        // A threshold no ramp reaches: only the stable average moves.
        Autoscale longCooldown = new Autoscale(true, 10, 0, Duration.ofSeconds(60), Duration.ofSeconds(6), 50.0,
                Duration.ofSeconds(30), Duration.ofSeconds(20));
        replicas = 1;
        run(60, 0, Double.NaN, longCooldown, BOUNDS);

        List<Instant> steps = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            int before = replicas;
            run(1, 20 + s * 5, Double.NaN, longCooldown, BOUNDS);
            if (replicas != before) {
                steps.add(now);
            }
        }

        assertThat(steps).hasSizeGreaterThan(1);
        for (int i = 1; i < steps.size(); i++) {
            assertThat(Duration.between(steps.get(i - 1), steps.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
        }
    }

    @Test
    void decisionsStayWithinMinAndMaxAndNeverReachZero() {
        Replicas bounds = new Replicas(0, 5);
        replicas = 1;

        run(30, 1000, Double.NaN, CFG, bounds);
        assertThat(replicas).isEqualTo(5);
        run(600, 0, Double.NaN, CFG, bounds);

        assertThat(replicas).isEqualTo(1);
        Replicas atLeastTwo = new Replicas(2, 5);
        run(300, 0, Double.NaN, CFG, atLeastTwo);
        assertThat(replicas).isEqualTo(2);
    }

    @Test
    void aCountOutsideTheBoundsIsBroughtBack() {
        replicas = 12;

        run(1, 100, Double.NaN, CFG, BOUNDS);

        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.replicas()).isEqualTo(10);
            assertThat(d.reason()).isEqualTo("bounds");
        });
    }

    @Test
    void cpuAboveItsTargetScalesOutWithoutCallsInFlight() {
        Autoscale byCpu = new Autoscale(true, 10, 0.5, Duration.ofSeconds(60), Duration.ofSeconds(6), 2.0,
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        replicas = 2;

        // 1.6 cores over instances limited to 0.5 cores each, wanted at 50%: 1.6 / 0.25 = 6.4, so 7.
        run(120, 0, 1.6, byCpu, BOUNDS, 0.5);

        assertThat(replicas).isEqualTo(7);
        assertThat(decisions.get(decisions.size() - 1).detail()).contains("1.60 cores");
    }

    @Test
    void unknownCpuIsNotTakenForIdleCpu() {
        Autoscale byCpu = new Autoscale(true, 10, 0.5, Duration.ofSeconds(60), Duration.ofSeconds(6), 2.0,
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        replicas = 3;

        run(200, 30, Double.NaN, byCpu, BOUNDS, 1.0);

        assertThat(decisions).isEmpty();
    }

    // ---- helpers ----

    private void run(int seconds, double inFlight, double cpu, Autoscale cfg, Replicas bounds) {
        run(seconds, inFlight, cpu, cfg, bounds, 1.0);
    }

    /** Feeds one sample a second, applying each decision as the lifecycle would. */
    private void run(int seconds, double inFlight, double cpu, Autoscale cfg, Replicas bounds, double capacity) {
        for (int s = 0; s < seconds; s++) {
            now = now.plusSeconds(1);
            Optional<ScaleDecision> d = policy.decide(new LoadSample(now, inFlight, cpu), replicas, cfg, bounds,
                    capacity);
            d.ifPresent(decision -> {
                decisions.add(decision);
                replicas = decision.replicas();
            });
        }
    }
}
