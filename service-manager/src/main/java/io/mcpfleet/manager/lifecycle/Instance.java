package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.api.InstanceState;
import java.time.Instant;

/**
 * What the manager knows of one container of a service. Immutable: the service's worker replaces
 * it on every change, readers see consistent values.
 *
 * @param id                  container id
 * @param name                container name
 * @param specHash            the spec hash label it was created with
 * @param state               lifecycle state ({@code STARTING} until its first healthy probe)
 * @param health              the manager's probe result
 * @param endpoint            base URL while running, else {@code null}
 * @param started             last start (an unpause counts: the startup timeout runs from it)
 * @param drain               why and until when it drains, or {@code null}
 * @param asleep              stopped or paused to sleep (kept to be woken), not crashed
 * @param failures            consecutive failed probes
 * @param successes           consecutive successful probes
 * @param lastProbeSeconds    duration of the last answered probe, or {@code null}
 */
public record Instance(String id, String name, String specHash, InstanceState state, HealthStatus health,
                       String endpoint, Instant started, Drain drain, boolean asleep, int failures, int successes,
                       Double lastProbeSeconds) {

    /**
     * Why an instance drains, when the drain ends at the latest, and whether the routers may have
     * calls on it: decided when the drain begins, because a busy server that misses a probe while
     * it drains still has its calls to finish.
     */
    public record Drain(Purpose purpose, Instant since, Instant deadline, boolean mayHaveCalls) {
        public enum Purpose { REMOVE, SLEEP }
    }

    /** Whether the router may send calls to it. */
    public boolean routable() {
        return state == InstanceState.RUNNING && health == HealthStatus.HEALTHY && endpoint != null;
    }

    /**
     * Whether the routers may have calls on it: it has been healthy since its last start (a probe
     * failed since does not end the calls it already serves).
     */
    boolean mayHaveCalls() {
        return (state == InstanceState.RUNNING || state == InstanceState.DRAINING) && endpoint != null;
    }

    /** Running or starting and not on its way out: counts towards the desired replicas. */
    public boolean active() {
        return (state == InstanceState.STARTING || state == InstanceState.RUNNING) && drain == null;
    }

    Instance withState(InstanceState s) {
        return new Instance(id, name, specHash, s, health, endpoint, started, drain, asleep, failures, successes,
                lastProbeSeconds);
    }

    Instance withDrain(Drain d) {
        return new Instance(id, name, specHash, d == null ? state : InstanceState.DRAINING, health, endpoint, started,
                d, asleep, failures, successes, lastProbeSeconds);
    }

    /** Back from a cancelled drain: serving again if it was healthy, else still starting. */
    Instance undrained() {
        InstanceState back = health == HealthStatus.HEALTHY ? InstanceState.RUNNING : InstanceState.STARTING;
        return new Instance(id, name, specHash, back, health, endpoint, started, null, asleep, failures, successes,
                lastProbeSeconds);
    }

    Instance asleep(InstanceState sleepState) {
        return new Instance(id, name, specHash, sleepState, HealthStatus.UNKNOWN, null, started, null, true, 0, 0,
                null);
    }

    Instance withProbe(HealthStatus h, int f, int s, Double seconds) {
        return new Instance(id, name, specHash, state, h, endpoint, started, drain, asleep, f, s, seconds);
    }
}
