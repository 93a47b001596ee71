package io.mcpfleet.manager.sleep;

import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.SleepPolicy;
import io.mcpfleet.manager.activity.ActivityLedger.Activity;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sleep policy's judgement of one service: it sleeps when its policy allows, it runs, nothing
 * is in flight, no stream is open, no session is bound, and it has been idle for {@code idle_timeout}.
 * Idle time counts from the latest of: the last start or wake, the last call a router reported,
 * and the last moment work was seen in flight (a long call that just ended is not idle time).
 */
final class IdleRule {

    private IdleRule() {
    }

    /**
     * @param activity   what the live routers report for the service now (empty: none names it)
     * @param lastActive the latest of the last reported call and the last moment work was seen in
     *                   flight, or {@code null} when nothing was ever reported
     * @param reporting  whether any router reports at all (without one, only the start time counts)
     */
    static SleepVerdict judge(ServiceSnapshot s, Optional<Activity> activity, Instant lastActive, boolean reporting,
                              Instant now) {
        SleepPolicy policy = s.spec().sleepPolicy();
        if (!policy.enabled()) {
            return SleepVerdict.stays("sleep_policy.enabled is false");
        }
        if (s.spec().replicas().min() > 0) {
            return SleepVerdict.stays("replicas.min is " + s.spec().replicas().min() + ": kept running");
        }
        if (s.desired() == 0 || s.asleep()) {
            return SleepVerdict.stays(switch (s.state()) {
                case SLEEPING -> "asleep (" + policy.mode().yamlName() + "): the next call wakes it";
                case DRAINING -> "going to sleep: calls in flight are finishing";
                default -> "not running";
            });
        }
        if (s.state() != ServiceState.RUNNING && s.state() != ServiceState.DEGRADED) {
            return SleepVerdict.stays(s.state().wireName() + ": no healthy instance yet");
        }
        if (activity.isPresent() && activity.get().busy()) {
            return SleepVerdict.stays("busy: " + describe(activity.get()));
        }
        Instant idleSince = s.awakeSince() == null ? now : s.awakeSince();
        if (lastActive != null) {
            idleSince = latest(idleSince, lastActive);
        }
        Duration idleFor = Duration.between(idleSince, now);
        if (idleFor.isNegative()) {
            idleFor = Duration.ZERO;
        }
        String basis = reporting ? "" : " (no router reports activity: counted from its last start)";
        if (idleFor.compareTo(policy.idleTimeout()) >= 0) {
            return new SleepVerdict(true, idleFor, Duration.ZERO,
                    "idle for " + seconds(idleFor) + " (idle_timeout " + seconds(policy.idleTimeout()) + ")" + basis);
        }
        Duration left = policy.idleTimeout().minus(idleFor);
        return new SleepVerdict(false, idleFor, left,
                "idle for " + seconds(idleFor) + " of " + seconds(policy.idleTimeout()) + basis);
    }

    private static String describe(Activity a) {
        List<String> parts = new ArrayList<>();
        if (a.inFlight() > 0) {
            parts.add(a.inFlight() + (a.inFlight() == 1 ? " call" : " calls") + " in flight");
        }
        if (a.streams() > 0) {
            parts.add(a.streams() + (a.streams() == 1 ? " open stream" : " open streams"));
        }
        if (a.sessions() > 0) {
            parts.add(a.sessions() + (a.sessions() == 1 ? " session bound" : " sessions bound"));
        }
        return String.join(", ", parts);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 || ms >= 10_000 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s",
                ms / 1000.0);
    }
}
