package io.mcpfleet.manager.health;

import io.mcpfleet.manager.lifecycle.HealthWatch;
import io.mcpfleet.manager.lifecycle.ProbeTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Probes every watched instance on its own schedule: every {@code health.startup_interval}
 * (100 ms by default) until it is healthy, so a start or a wake is noticed within that much of
 * the server being ready, then every {@code health.interval}. Probes are asynchronous, so a few
 * threads serve hundreds of instances and a slow one does not delay the others.
 */
public final class HealthMonitor implements HealthWatch, AutoCloseable {

    private final Prober prober;
    private final BridgeProbes bridged;
    private final ScheduledExecutorService scheduler;
    private final MeterRegistry meters;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Map<String, Counter[]> checks = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong();
    private volatile ProbeSink sink;

    /** One watched instance; a newer generation replaces it and makes its pending result stale. */
    private static final class Watched {
        final long generation;
        volatile ScheduledFuture<?> next;

        Watched(long generation) {
            this.generation = generation;
        }

        void cancel() {
            ScheduledFuture<?> n = next;
            if (n != null) {
                n.cancel(false);
            }
        }
    }

    public HealthMonitor(Prober prober, ScheduledExecutorService scheduler, MeterRegistry meters) {
        this(prober, BridgeProbes.NONE, scheduler, meters);
    }

    /** @param bridged probes of the instances of stdio services, through the manager's bridge */
    public HealthMonitor(Prober prober, BridgeProbes bridged, ScheduledExecutorService scheduler, MeterRegistry meters) {
        this.prober = prober;
        this.bridged = bridged;
        this.scheduler = scheduler;
        this.meters = meters;
    }

    @Override
    public void start(ProbeSink sink) {
        this.sink = sink;
    }

    @Override
    public void watch(ProbeTarget target) {
        long generation = generations.incrementAndGet();
        // Probe a starting (or waking) instance at once: unpaused servers answer within milliseconds.
        Duration first = target.starting() ? Duration.ZERO : target.check().interval();
        Watched w = new Watched(generation);
        Watched old = watched.put(target.instanceId(), w);
        if (old != null) {
            old.cancel();
        }
        // Scheduled only once registered: a probe that ran before would find itself stale.
        w.next = schedule(target, generation, first);
    }

    @Override
    public void unwatch(String instanceId) {
        Watched old = watched.remove(instanceId);
        if (old != null) {
            old.cancel();
        }
    }

    /** How many instances are being probed (for metrics and tests). */
    public int watchedCount() {
        return watched.size();
    }

    private ScheduledFuture<?> schedule(ProbeTarget target, long generation, Duration delay) {
        return scheduler.schedule(() -> probe(target, generation), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe(ProbeTarget target, long generation) {
        if (!current(target.instanceId(), generation)) {
            return;
        }
        probeOnce(target).whenComplete((result, error) -> {
            if (!current(target.instanceId(), generation)) {
                return;
            }
            ProbeResult r = error != null ? ProbeResult.failed(error.toString()) : result;
            count(target.service(), r.healthy());
            ProbeSink s = sink;
            if (s != null) {
                s.result(target.service(), target.instanceId(), r.healthy(), r.seconds(), r.detail());
            }
            Duration next = target.starting() && !r.healthy() ? target.check().startupInterval()
                    : target.check().interval();
            Watched w = watched.get(target.instanceId());
            if (w != null && w.generation == generation) {
                w.next = schedule(target, generation, next);
            }
        });
    }

    private CompletableFuture<ProbeResult> probeOnce(ProbeTarget target) {
        if (!bridged.bridges(target.service())) {
            return prober.probe(target);
        }
        return bridged.probe(target.service(), target.instanceId(), target.check().timeout())
                .handle((seconds, error) -> error == null ? new ProbeResult(true, seconds, null)
                        : ProbeResult.failed(describe(error)));
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer over the pipe in time";
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private boolean current(String instanceId, long generation) {
        Watched w = watched.get(instanceId);
        return w != null && w.generation == generation;
    }

    private void count(String service, boolean healthy) {
        // Looked up once per service and result: a builder and a registry lookup per probe were a
        // steady allocation of an idle fleet (60 instances: 6 probes a second).
        Counter[] both = checks.computeIfAbsent(service, s -> new Counter[2]);
        int i = healthy ? 0 : 1;
        Counter c = both[i];
        if (c == null) {
            c = Counter.builder("fleet_health_checks_total")
                    .description("Health probes of instances, by result")
                    .tag("service", service)
                    .tag("result", healthy ? "healthy" : "unhealthy")
                    .register(meters);
            both[i] = c;
        }
        c.increment();
    }

    @Override
    public void close() {
        watched.values().forEach(Watched::cancel);
        watched.clear();
    }
}
