package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.InstanceState;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.SleepMode;
import java.time.Instant;

/**
 * The state of one service and the transitions that change it: what is wanted (desired replicas,
 * asleep or not), how starts went, and its instances. Touched only by its {@link ServiceWorker}'s
 * thread; everyone else reads the {@link ServiceSnapshot} it publishes. A change of the desired
 * replicas is an event and gives the next start a fresh attempt.
 */
final class ManagedService {

    private final PendingEvents events;
    private final Instances instances = new Instances();
    private final Transitions transitions = new Transitions();
    private final StartAttempts starts;
    private ServiceSpec spec;
    private String specHash;
    private int desired;
    private boolean asleep;
    /** Set while a wake is in progress, for the WAKING state. */
    private boolean waking;
    /**
     * The last start request, wake, adoption, or the moment the service became ready to serve
     * again (its first healthy instance): the sleep policy's idle timer starts at the latest of
     * these, so a service nobody reports calls for still sleeps {@code idle_timeout} after it was
     * last wanted and could serve.
     */
    private Instant awakeSince;
    /** When this manager took the service over: startup timeouts of adopted instances count from here. */
    private Instant adoptedAt;
    /**
     * A start only to learn the service's tools, from nothing wanted: if it fails and nobody asked
     * for the service since, the service goes back to how it was (asleep or stopped). Any other
     * wish makes the start a real one.
     */
    private Tentative tentative;

    private record Tentative(boolean wasAsleep) {
    }

    ManagedService(ServiceSpec spec, String specHash, PendingEvents events) {
        this.spec = spec;
        this.specHash = specHash;
        this.events = events;
        this.starts = new StartAttempts(events);
    }

    // ---- what is wanted ----

    /** After adopting what runs: wants that, at least the configured floor; a fresh idle timer. */
    void adopted(Instant now) {
        int floor = spec.autoStart() ? Math.max(1, spec.replicas().min()) : spec.replicas().min();
        desired = (int) Math.max(instances.active(), floor);
        asleep = desired == 0 && instances.anyAsleep();
        // A new manager knows nothing of past calls: every service gets a fresh idle timer.
        awakeSince = now;
        adoptedAt = now;
    }

    /**
     * Wants at least one instance (or {@code replicas.min}); whether a sleeper is to be woken.
     *
     * @param toLearn only to learn the service's tools: tentative if nothing was wanted
     */
    boolean start(String reason, boolean toLearn, Instant now) {
        if (!toLearn) {
            tentative = null;
        } else if (desired == 0) {
            tentative = new Tentative(asleep);
            // Earlier failures do not count against this attempt.
            starts.afresh();
        }
        int floor = Math.max(1, spec.replicas().min());
        awakeSince = now;
        boolean wakes = asleep && instances.anyAsleep();
        boolean wasAsleep = asleep;
        asleep = false;
        if (desired < floor) {
            waking = wasAsleep;
            if (wasAsleep) {
                transitions.beginWake(reason, now);
            }
            desire(floor, reason);
        }
        return wakes;
    }

    void stop(String reason) {
        tentative = null;
        desire(0, reason);
        asleep = false;
        waking = false;
        transitions.drop();
    }

    /** Scales a service that runs; whether it did (a sleeping or stopped one is left as it is). */
    boolean rescale(int replicas, String reason) {
        if (desired == 0 || asleep) {
            return false;
        }
        tentative = null;
        desire(replicas, reason);
        return true;
    }

    void scale(int replicas, String reason, Instant now) {
        tentative = null;
        if (replicas > 0 && desired == 0) {
            awakeSince = now;
            if (asleep) {
                transitions.beginWake(reason, now);
            }
        }
        if (replicas > 0) {
            asleep = false;
        }
        desire(replicas, reason);
    }

    /** Puts the service to sleep; {@code evict}: in stop mode, paused sleepers too. */
    void sleep(String reason, boolean evict, Instant now) {
        tentative = null;
        transitions.beginSleep(reason, spec.sleepPolicy().mode(), asleep && desired == 0, evict, now);
        desire(0, reason);
        asleep = true;
        waking = false;
    }

    /** A call arrived while the service drained to sleep: it serves again, and nothing slept. */
    void sleepCancelled() {
        waking = false;
        transitions.drop();
    }

    void respec(ServiceSpec newSpec, String newHash) {
        spec = newSpec;
        specHash = newHash;
    }

    private void desire(int replicas, String reason) {
        if (desired != replicas) {
            int before = desired;
            desired = replicas;
            starts.renew();
            events.emit(FleetEventType.SCALED, null, reason, "desired replicas " + before + " -> " + replicas);
        }
    }

    // ---- how starts go ----

    /** An instance passed its probes: if none could serve before, the idle timer starts now. */
    void healthyInstance(Instant now) {
        if (!instances.anyRoutable()) {
            // Not at the start request: a server slower to start than its idle_timeout would sleep at once.
            awakeSince = now;
        }
    }

    /** A starting instance became healthy: failures are over; the finished wake, or null. */
    Transition started(Instant now) {
        starts.succeeded();
        waking = false;
        return transitions.finishWake(now);
    }

    /**
     * The capacity gate refused one more instance: the service settles for what runs, asleep again
     * if it was being woken; the waiting callers are told the reason once this is published.
     */
    void refused(String detail, Instant now) {
        starts.refused(detail, now);
        boolean wasAsleep = transitions.waking();
        int running = (int) instances.stream().filter(i -> i.active() && current(i)).count();
        desire(running, "refused");
        if (running == 0 && wasAsleep) {
            asleep = true;
            waking = false;
            transitions.abandonWake();
        }
    }

    /**
     * After a failed start: a start only to learn the tools that has failed for good (the FAILED
     * threshold, or a missing image) and that nobody else wanted since puts the service back as it
     * was, asleep or stopped, with the reason in its status. Whether it did.
     */
    boolean learningFailed() {
        if (tentative == null || !starts.backoff().failing()) {
            return false;
        }
        boolean wasAsleep = tentative.wasAsleep();
        tentative = null;
        String why = "started only to learn its tools, and that failed: " + starts.lastError() + "; "
                + (wasAsleep ? "asleep" : "stopped") + " again until a call or a start asks for it";
        desire(0, "learn-failed");
        asleep = wasAsleep;
        waking = false;
        transitions.abandonWake();
        // The next start, by a call or anyone, gets a fair attempt of its own.
        starts.gaveUp(why);
        events.emit(FleetEventType.SERVICE_STATE, null, "learn-failed", why);
        return true;
    }

    // ---- sleeps and wakes in progress ----

    /** How instances go to sleep now: the policy's mode, or stop when evicted. */
    SleepMode sleepMode() {
        return transitions.sleepMode(spec.sleepPolicy().mode());
    }

    /** Asleep and evicted: paused sleepers must be stopped too. */
    boolean evictedAsleep() {
        return transitions.evicting() && asleep;
    }

    /** Ends the sleep in progress once nothing runs; the finished sleep or null. */
    Transition finishSleep(Instant now) {
        return asleep ? transitions.finishSleep(instances, now) : null;
    }

    void noteWakeMode(String mode) {
        transitions.noteWakeMode(mode);
    }

    // ---- reading ----

    ServiceSpec spec() {
        return spec;
    }

    String name() {
        return spec.name();
    }

    int desired() {
        return desired;
    }

    boolean asleep() {
        return asleep;
    }

    Instances instances() {
        return instances;
    }

    /** Whether an instance was made from the current spec. */
    boolean current(Instance i) {
        return specHash.equals(i.specHash());
    }

    StartAttempts starts() {
        return starts;
    }

    Instant adoptedAt() {
        return adoptedAt;
    }

    /** Whether the service was last wanted at {@code moment} (no start or wake since). */
    boolean awakeSince(Instant moment) {
        return moment.equals(awakeSince);
    }

    ServiceState state() {
        long routable = instances.stream().filter(Instance::routable).count();
        boolean draining = instances.stream().anyMatch(i -> i.state() == InstanceState.DRAINING);
        if (desired == 0) {
            if (draining) {
                return ServiceState.DRAINING;
            }
            return asleep ? ServiceState.SLEEPING : ServiceState.STOPPED;
        }
        if (routable == 0) {
            if (starts.backoff().failing()) {
                return ServiceState.FAILED;
            }
            return waking ? ServiceState.WAKING : ServiceState.STARTING;
        }
        return routable < desired ? ServiceState.DEGRADED : ServiceState.RUNNING;
    }

    ServiceSnapshot snapshot(Instant now) {
        return new ServiceSnapshot(spec, state(), desired, asleep, instances.all(), starts.lastError(), now,
                awakeSince, transitions.lastSleep(), transitions.lastWake(), starts.refusedAt());
    }
}
