package io.mcpfleet.manager.resources;

import io.mcpfleet.api.InstanceState;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.config.Priority;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.manager.lifecycle.Admission;
import io.mcpfleet.manager.lifecycle.CapacityGate;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import io.mcpfleet.manager.sleep.SleepPolicyEnforcer;
import io.mcpfleet.manager.sleep.SleepVerdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host memory budget ({@code fleet.memory-budget}). Before an instance that needs memory starts,
 * the fleet's memory ({@link MemoryCosts}: limits, else measured use) plus the newcomer's must fit.
 * If it does not, idle services of the same or lower priority are put to sleep in stop mode, lowest
 * priority first, then paused sleepers (they hold memory for nothing), then the longest idle;
 * {@code critical} services, services that do not sleep ({@code sleep_policy.enabled: false} or
 * {@code replicas.min > 0}) and busy ones never are. The start waits for those sleeps (each bounded
 * by its drain timeout); when nothing can make room it fails, saying what runs.
 */
public final class MemoryBudget implements CapacityGate {

    /** No budget at all. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBudget.class);
    /** Beyond a victim's drain timeout: its containers' stop. */
    private static final Duration EVICTION_MARGIN = Duration.ofSeconds(15);

    private final long budget;
    private final String source;
    private final MemoryCosts costs;
    private final Clock clock;
    private final List<Reservation> reservations = new ArrayList<>();
    /** Services being put to sleep for room: when it was asked, and until when it may take. */
    private final Map<String, Eviction> evictions = new HashMap<>();
    private final SleepPolicyEnforcer sleep;
    private volatile FleetLifecycle fleet;

    private record Reservation(String service, long bytes) {
    }

    private record Eviction(Instant requested, Instant deadline) {
    }

    /**
     * @param budget the budget in bytes; {@link #UNLIMITED} for none
     * @param source where it comes from, for messages: {@code "8GiB"} or {@code "80% of 23.5 GiB"}
     * @param sleep  the sleep policy: which services are idle, and for how long
     */
    public MemoryBudget(long budget, String source, ContainerRuntime runtime, Footprints footprints,
                        SleepPolicyEnforcer sleep, Clock clock) {
        this.budget = budget;
        this.source = source;
        this.costs = new MemoryCosts(runtime, footprints);
        this.sleep = sleep;
        this.clock = clock;
    }

    /** Connects the fleet it guards (before the fleet starts); until then every start is admitted. */
    public void bind(FleetLifecycle fleet) {
        this.fleet = fleet;
    }

    /** {@code 1.5 GiB}: a byte count as messages show it. */
    public static String describe(long bytes) {
        return Bytes.format(bytes);
    }

    public long budget() {
        return budget;
    }

    /** Where the budget comes from: {@code "8GiB"}, {@code "80% of 23.5 GiB"} or {@code "none"}. */
    public String source() {
        return source;
    }

    public boolean limited() {
        return budget != UNLIMITED;
    }

    /** Memory the fleet holds by the budget's reckoning, admitted starts included. */
    public synchronized long accounted() {
        FleetLifecycle f = fleet;
        return f == null ? 0 : used(f.services());
    }

    @Override
    public synchronized Admission admit(ServiceSpec spec) {
        FleetLifecycle f = fleet;
        if (f == null || !limited()) {
            return Admission.granted(null);
        }
        List<ServiceSnapshot> services = f.services();
        long need = costs.ofNew(spec);
        long used = used(services);
        if (used + need <= budget) {
            return reserve(spec.name(), need);
        }
        if (need > budget) {
            return Admission.denied("memory budget " + Bytes.format(budget) + " (" + BudgetSetting.KEY + " "
                    + source + ") is smaller than what one instance of " + spec.name() + " needs ("
                    + Bytes.format(need) + ")");
        }
        Instant now = clock.instant();
        Map<String, ServiceSnapshot> byName = new HashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        settleEvictions(byName, now);
        long freeing = evictions.keySet().stream().mapToLong(n -> costs.of(byName.get(n))).sum();
        if (used - freeing + need <= budget) {
            return Admission.waitFor("waiting for memory: " + String.join(", ", evictions.keySet())
                    + " going to sleep to make room for " + Bytes.format(need));
        }
        List<ServiceSnapshot> victims = new ArrayList<>();
        long freed = freeing;
        for (ServiceSnapshot candidate : candidates(spec, services)) {
            if (used - freed + need <= budget) {
                break;
            }
            victims.add(candidate);
            freed += costs.of(candidate);
        }
        if (used - freed + need > budget) {
            return Admission.denied(refusal(spec, need, used, services));
        }
        String reason = "memory: " + spec.name() + " needs " + Bytes.format(need);
        for (ServiceSnapshot v : victims) {
            LOG.info("memory budget {}: putting {} ({}, priority {}) to sleep to make room for {} ({} in use)",
                    Bytes.format(budget), v.name(), Bytes.format(costs.of(v)),
                    v.spec().sleepPolicy().priority().yamlName(), spec.name(), Bytes.format(used));
            evictions.put(v.name(), new Eviction(now,
                    now.plus(v.spec().sleepPolicy().drainTimeout()).plus(EVICTION_MARGIN)));
            f.evict(v.name(), reason);
        }
        return Admission.waitFor("waiting for memory: putting "
                + String.join(", ", victims.stream().map(ServiceSnapshot::name).toList())
                + " to sleep to make room for " + Bytes.format(need));
    }

    /** Idle services that may be evicted for {@code spec}, the first to go first. */
    private List<ServiceSnapshot> candidates(ServiceSpec spec, List<ServiceSnapshot> services) {
        List<Candidate> found = new ArrayList<>();
        for (ServiceSnapshot s : services) {
            if (s.name().equals(spec.name()) || evictions.containsKey(s.name()) || costs.of(s) == 0
                    || whyNot(s, spec) != null) {
                continue;
            }
            Duration idle = pausedAsleep(s) ? null : sleep.verdict(s).idleFor();
            found.add(new Candidate(s, idle));
        }
        found.sort(Comparator.comparing((Candidate c) -> c.snapshot().spec().sleepPolicy().priority())
                .thenComparing(c -> c.idleFor() != null)
                .thenComparing(Candidate::idleFor, Comparator.nullsFirst(Comparator.reverseOrder())));
        return found.stream().map(Candidate::snapshot).toList();
    }

    private record Candidate(ServiceSnapshot snapshot, Duration idleFor) {
    }

    /** Why a service cannot be evicted for {@code spec}, or {@code null} when it can. */
    private String whyNot(ServiceSnapshot s, ServiceSpec spec) {
        Priority priority = s.spec().sleepPolicy().priority();
        if (priority == Priority.CRITICAL) {
            return "critical";
        }
        if (!s.spec().sleepPolicy().enabled()) {
            return "sleep_policy.enabled is false";
        }
        if (s.spec().replicas().min() > 0) {
            return "replicas.min " + s.spec().replicas().min();
        }
        if (priority.compareTo(spec.sleepPolicy().priority()) > 0) {
            return "priority " + priority.yamlName();
        }
        if (evictions.containsKey(s.name())) {
            return "going to sleep";
        }
        if (pausedAsleep(s)) {
            return null;
        }
        SleepVerdict verdict = sleep.verdict(s);
        return verdict.idleFor() != null ? null : verdict.why();
    }

    private static boolean pausedAsleep(ServiceSnapshot s) {
        return s.asleep() && s.state() == ServiceState.SLEEPING
                && s.instances().stream().anyMatch(i -> i.state() == InstanceState.PAUSED);
    }

    /** Forgets evictions that ended: the memory is free, a start woke the victim, or it took too long. */
    private void settleEvictions(Map<String, ServiceSnapshot> byName, Instant now) {
        evictions.entrySet().removeIf(e -> {
            ServiceSnapshot s = byName.get(e.getKey());
            boolean freed = s == null || costs.of(s) == 0;
            // Only a start after the eviction cancels it; the victim's snapshot may not show the eviction yet.
            boolean cancelled = s != null && s.awakeSince() != null && s.awakeSince().isAfter(e.getValue().requested());
            boolean late = now.isAfter(e.getValue().deadline());
            if (late && !freed && !cancelled) {
                LOG.warn("memory budget: {} did not go to sleep in time", e.getKey());
            }
            return freed || cancelled || late;
        });
    }

    private long used(List<ServiceSnapshot> services) {
        long total = 0;
        for (ServiceSnapshot s : services) {
            total += costs.of(s);
        }
        for (Reservation r : reservations) {
            total += r.bytes();
        }
        return total;
    }

    private Admission reserve(String service, long bytes) {
        Reservation r = new Reservation(service, bytes);
        reservations.add(r);
        return Admission.granted(() -> {
            synchronized (this) {
                reservations.remove(r);
            }
        });
    }

    private String refusal(ServiceSpec spec, long need, long used, List<ServiceSnapshot> services) {
        List<String> holders = services.stream()
                .filter(s -> costs.of(s) > 0)
                .sorted(Comparator.comparingLong((ServiceSnapshot s) -> costs.of(s)).reversed())
                .limit(8)
                .map(s -> {
                    String why = whyNot(s, spec);
                    return s.name() + " " + Bytes.format(costs.of(s)) + (why == null ? "" : " (" + why + ")");
                })
                .toList();
        return "memory budget exceeded: " + spec.name() + " needs " + Bytes.format(need) + ", "
                + Bytes.format(used) + " of the " + Bytes.format(budget) + " budget (" + BudgetSetting.KEY + " "
                + source + ") is in use by " + (holders.isEmpty() ? "starting instances" : String.join(", ", holders))
                + "; no idle service of priority " + spec.sleepPolicy().priority().yamlName()
                + " or lower can be put to sleep to make room";
    }
}
