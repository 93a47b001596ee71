package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.config.FleetConfig;
import io.mcpfleet.config.ServiceSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's lifecycle: one {@link ServiceWorker} per configured service, the engine's event
 * stream and a periodic reconcile feeding them. What the API, the sleep policy and the autoscaler
 * call. Closing it stops the manager's own work and leaves every container as it is: the next
 * manager adopts them.
 */
public final class FleetLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetLifecycle.class);
    /** The reason of a start only to learn a service's tools, as the API names it. */
    public static final String LEARN_TOOLS = "learn-tools";

    private final FleetSettings settings;
    private final ContainerRuntime runtime;
    private final HealthWatch health;
    private final Map<String, ServiceWorker> workers = new LinkedHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private volatile AutoCloseable subscription;
    private volatile boolean engineReachable = true;

    public FleetLifecycle(FleetConfig config, FleetSettings settings, ContainerRuntime runtime, HealthWatch health,
                          InstanceLoad load, LifecycleListener listener, Clock clock) {
        this(config, settings, runtime, health, load, listener, CapacityGate.UNLIMITED, clock);
    }

    /**
     * @param gate asked before every instance that needs memory starts (a create, or a wake from
     *             stop mode): the memory budget
     */
    public FleetLifecycle(FleetConfig config, FleetSettings settings, ContainerRuntime runtime, HealthWatch health,
                          InstanceLoad load, LifecycleListener listener, CapacityGate gate, Clock clock) {
        this(config, settings, runtime, StdioAttachments.NONE, health, load, listener, gate, clock);
    }

    /** @param stdio the bridge that attaches to the containers of stdio services */
    public FleetLifecycle(FleetConfig config, FleetSettings settings, ContainerRuntime runtime, StdioAttachments stdio,
                          HealthWatch health, InstanceLoad load, LifecycleListener listener, CapacityGate gate,
                          Clock clock) {
        this.settings = settings;
        this.runtime = runtime;
        this.health = health;
        this.pool = Executors.newCachedThreadPool(named("fleet-worker"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("fleet-timer"));
        ContainerFactory factory = new ContainerFactory(settings, stdio);
        InstanceActions actions = new InstanceActions(runtime, factory, stdio, settings.stopGrace(), clock);
        var with = new ServiceWorker.Collaborators(settings.fleet(), runtime, actions, factory, health, load, listener,
                gate, scheduler, clock);
        for (ServiceSpec spec : config.all()) {
            workers.put(spec.name(), new ServiceWorker(spec, new SerialExecutor(pool), with));
        }
    }

    /**
     * Adopts what runs, then keeps converging: engine events, health results and a periodic
     * reconcile. Returns once every service has been adopted.
     */
    public void start() {
        health.start((service, id, healthy, seconds, detail) -> {
            ServiceWorker w = workers.get(service);
            if (w != null) {
                w.onProbe(id, healthy, seconds, detail);
            }
        });
        subscription = runtime.subscribe(Labels.fleet(settings.fleet()), this::onEngineEvent, this::reconcileAll);
        List<CompletableFuture<?>> adopted = new ArrayList<>();
        Map<String, List<ContainerSnapshot>> existing = listByService();
        existing.keySet().stream().filter(s -> !workers.containsKey(s)).forEach(s -> LOG.warn(
                "containers of service '{}' are labelled for fleet '{}' but services.yml does not declare it; "
                        + "leaving them alone", s, settings.fleet()));
        workers.forEach((name, w) -> adopted.add(w.adopt(existing.getOrDefault(name, List.of()))));
        CompletableFuture.allOf(adopted.toArray(CompletableFuture[]::new)).join();
        long every = settings.reconcileInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
        LOG.info("fleet '{}': {} services, {} containers adopted", settings.fleet(), workers.size(),
                existing.values().stream().mapToInt(List::size).sum());
    }

    public List<ServiceSnapshot> services() {
        return workers.values().stream().map(ServiceWorker::snapshot).toList();
    }

    public ServiceSnapshot service(String name) {
        return worker(name).snapshot();
    }

    public Optional<ServiceSnapshot> find(String name) {
        return Optional.ofNullable(workers.get(name)).map(ServiceWorker::snapshot);
    }

    /** Starts (or wakes) a service. Idempotent: concurrent starts share one instance. */
    public Starting start(String name, String reason) {
        return worker(name).start(reason, false);
    }

    /**
     * Starts a service only so that the router can learn its tools. Tentative: if the start fails
     * for good (the FAILED threshold, or a missing image) and nobody asked for the service since
     * (a start, a scale), the service goes back to sleep (or stays stopped) rather than being
     * retried for ever, and its status says why.
     */
    public Starting startToLearn(String name) {
        return worker(name).start(LEARN_TOOLS, true);
    }

    public CompletableFuture<ServiceSnapshot> stop(String name, String reason) {
        return worker(name).stop(reason);
    }

    public CompletableFuture<ServiceSnapshot> scale(String name, int replicas, String reason) {
        return withinBounds(name, replicas, 0).scale(replicas, reason);
    }

    /**
     * Puts a service to sleep in its policy's mode, draining first; a start during the drain
     * cancels it. The future completes when nothing of the service runs (or a start overtook it).
     */
    public CompletableFuture<ServiceSnapshot> sleep(String name, String reason) {
        return worker(name).sleep(reason);
    }

    /**
     * Like {@link #sleep}, unless the service was started or woken after {@code awakeSince} (its
     * {@link ServiceSnapshot#awakeSince()} when the caller decided): a start that overtook the
     * decision wins.
     */
    public CompletableFuture<ServiceSnapshot> sleepIfStill(String name, String reason, Instant awakeSince) {
        return worker(name).sleepIfStill(reason, awakeSince);
    }

    /**
     * Like {@link #scale}, but only while the service runs: a sleeping or stopped service is left
     * as it is. For the autoscaler, which must never wake a service.
     */
    public CompletableFuture<ServiceSnapshot> rescale(String name, int replicas, String reason) {
        return withinBounds(name, replicas, 1).rescale(replicas, reason);
    }

    /**
     * Like {@link #sleep}, but in stop mode whatever the policy says, and paused sleepers are
     * stopped too: for the memory budget, which needs the memory back.
     */
    public CompletableFuture<ServiceSnapshot> evict(String name, String reason) {
        return worker(name).evict(reason);
    }

    /** Whether the last conversation with the engine succeeded. */
    public boolean engineReachable() {
        return engineReachable;
    }

    /** Reconciles every service, each from a full look at the engine (after an events stream dropped). */
    public void reconcileAll() {
        if (pinged()) {
            workers.values().forEach(ServiceWorker::reconcileSoon);
        }
    }

    /**
     * The periodic safety net for missed engine events: one list call for the whole fleet; a
     * service whose containers or their states differ from its last full look reconciles from a
     * new one, the others converge on what they know.
     */
    public void checkAll() {
        if (!pinged()) {
            return;
        }
        Map<String, Map<String, ContainerStatus>> byService = new HashMap<>();
        try {
            for (ListedContainer c : runtime.listed(Labels.fleet(settings.fleet()))) {
                if (Labels.owned(c.labels(), settings.fleet())) {
                    byService.computeIfAbsent(c.label(Labels.SERVICE), k -> new HashMap<>()).put(c.id(), c.status());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("listing the fleet's containers failed; reconciling every service instead: {}", e.getMessage());
            workers.values().forEach(ServiceWorker::reconcileSoon);
            return;
        }
        workers.forEach((name, w) -> w.check(byService.getOrDefault(name, Map.of())));
    }

    /** Whether the engine answers; logs the moment it stops or comes back. */
    private boolean pinged() {
        try {
            runtime.ping();
            engineReachable = true;
            return true;
        } catch (EngineUnavailableException e) {
            if (engineReachable) {
                LOG.warn("the Docker engine is unreachable; keeping the last known state: {}", e.getMessage());
            }
            engineReachable = false;
            return false;
        } catch (RuntimeException e) {
            LOG.warn("engine ping failed: {}", e.getMessage());
            return false;
        }
    }

    private void onEngineEvent(ContainerEvent event) {
        ServiceWorker w = workers.get(event.labels().get(Labels.SERVICE));
        if (w != null) {
            w.onEngineEvent();
        }
    }

    private Map<String, List<ContainerSnapshot>> listByService() {
        Map<String, List<ContainerSnapshot>> byService = new HashMap<>();
        for (ContainerSnapshot c : runtime.list(Labels.fleet(settings.fleet()))) {
            if (Labels.owned(c.labels(), settings.fleet())) {
                byService.computeIfAbsent(c.label(Labels.SERVICE), k -> new ArrayList<>()).add(c);
            }
        }
        return byService;
    }

    /** The service's worker, once {@code replicas} is within {@code least}-{@code replicas.max}. */
    private ServiceWorker withinBounds(String name, int replicas, int least) {
        ServiceWorker w = worker(name);
        int max = w.snapshot().spec().replicas().max();
        if (replicas < least || replicas > max) {
            throw new IllegalArgumentException("replicas must be within " + least + "-" + max + " for service " + name
                    + ", got " + replicas);
        }
        return w;
    }

    private ServiceWorker worker(String name) {
        ServiceWorker w = workers.get(name);
        if (w == null) {
            throw new UnknownServiceException(name, workers.keySet());
        }
        return w;
    }

    @Override
    public void close() {
        AutoCloseable s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("closing the engine event stream", e);
            }
        }
        scheduler.shutdownNow();
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
