package io.mcpfleet.router.activation;

import io.mcpfleet.api.ServiceState;
import io.mcpfleet.router.discovery.DirectoryException;
import io.mcpfleet.router.discovery.FleetDirectory;
import io.mcpfleet.router.discovery.FleetListener;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.RoutingSettings;
import io.mcpfleet.router.discovery.ServiceView;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Wakes services that have no routable instance: the first held call asks the manager to start
 * the service, every concurrent call for it joins that one wake, and each waits, bounded by the
 * service's wake timeout and queue limit, until an instance becomes routable (an event from the
 * manager). Past either bound the caller gets a retryable error, never a hang.
 */
@Component
public class Activator implements FleetListener {

    private static final Logger log = LoggerFactory.getLogger(Activator.class);

    private final FleetView fleet;
    private final FleetDirectory directory;
    private final Executor background;
    private final Map<String, Wake> wakes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();

    /** One wake of one service, joined by every call that waits for it. */
    private static final class Wake {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final AtomicBoolean startRequested = new AtomicBoolean();
        final long startedNanos = System.nanoTime();
    }

    /** Told while a call waits, so the caller can send progress. */
    public interface WaitTicker {
        void tick(long waitedMillis);
    }

    public Activator(FleetView fleet, FleetDirectory directory, Executor routerBackground) {
        this.fleet = fleet;
        this.directory = directory;
        this.background = routerBackground;
        fleet.addListener(this);
    }

    /** Calls held now for a service (a gauge). */
    public int held(String service) {
        AtomicInteger n = held.get(service);
        return n == null ? 0 : n.get();
    }

    /**
     * Holds the calling thread until the service has a routable instance.
     *
     * @param deadlineNanos the call's own deadline ({@link System#nanoTime()} scale); the wake timeout may end it sooner
     * @param tickEvery     how often to call {@code ticker} while waiting, or {@code null} for never
     * @return the service with at least one routable instance
     * @throws RouteFailure queue full, wake failed or wake timeout
     */
    public ServiceView awaitInstances(String service, String tool, RoutingSettings routing, long deadlineNanos,
                                      Duration tickEvery, WaitTicker ticker) {
        AtomicInteger count = held.computeIfAbsent(service, k -> new AtomicInteger());
        int n = count.incrementAndGet();
        try {
            if (n > routing.queueLimit()) {
                throw new RouteFailure(Reason.QUEUE_FULL, service, tool, "service " + service + " is waking and "
                        + routing.queueLimit() + " calls are already waiting for it; try again shortly",
                        Math.max(100L, routing.wakeTimeout().toMillis() / 10), null);
            }
            Wake wake = wakes.computeIfAbsent(service, k -> new Wake());
            ServiceView view = fleet.service(service);
            if (view != null && !view.instances().isEmpty()) {
                return view;
            }
            if (wake.startRequested.compareAndSet(false, true)) {
                log.info("waking service {}: asking the manager to start it", service);
                background.execute(() -> requestStart(service, wake));
            }
            long until = Math.min(deadlineNanos, System.nanoTime() + routing.wakeTimeout().toNanos());
            return await(service, tool, routing, wake, until, tickEvery, ticker);
        } finally {
            count.decrementAndGet();
        }
    }

    private ServiceView await(String service, String tool, RoutingSettings routing, Wake wake, long until,
                              Duration tickEvery, WaitTicker ticker) {
        long start = System.nanoTime();
        while (true) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                // The next call asks the manager again rather than joining a wake that failed silently.
                wakes.remove(service, wake);
                throw new RouteFailure(Reason.WAKE_TIMEOUT, service, tool, "service " + service
                        + " did not become ready within " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                        + " ms (wake timeout " + routing.wakeTimeout().toMillis() + " ms)", 1000L, null);
            }
            long slice = tickEvery == null ? left : Math.min(left, tickEvery.toNanos());
            try {
                wake.ready.get(slice, TimeUnit.NANOSECONDS);
                ServiceView view = fleet.service(service);
                if (view != null && !view.instances().isEmpty()) {
                    return view;
                }
                // Ready, and gone again before this call got to it: wait for the next wake.
                wake = wakes.computeIfAbsent(service, k -> new Wake());
                if (wake.startRequested.compareAndSet(false, true)) {
                    Wake w = wake;
                    background.execute(() -> requestStart(service, w));
                }
            } catch (TimeoutException e) {
                if (ticker != null && until - System.nanoTime() > 0) {
                    ticker.tick(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
            } catch (ExecutionException e) {
                RouteFailure f = (RouteFailure) e.getCause();
                throw new RouteFailure(f.reason(), service, tool, f.getMessage(), f.retryAfterMillis(), f.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RouteFailure(Reason.WAKE_TIMEOUT, service, tool, "interrupted while waiting for service "
                        + service, null, e);
            }
        }
    }

    /** The manager no longer tries to run the service. */
    private static boolean givenUp(ServiceState state) {
        return state == ServiceState.STOPPED || state == ServiceState.SLEEPING || state == ServiceState.DRAINING;
    }

    private void requestStart(String service, Wake wake) {
        try {
            directory.start(service);
        } catch (DirectoryException e) {
            String why = e.status() == 0 ? "the manager cannot be reached: " + e.getMessage()
                    : e.status() == 404 ? "the manager does not know service " + service
                    : "the manager refused to start it: " + e.getMessage();
            log.warn("cannot wake service {}: {}", service, why);
            wakes.remove(service, wake);
            wake.ready.completeExceptionally(new RouteFailure(Reason.WAKE_FAILED, service, null,
                    "cannot start service " + service + ": " + why, 1000L, e));
        }
    }

    @Override
    public void serviceChanged(ServiceView before, ServiceView after) {
        if (after.instances().isEmpty() && givenUp(after.state()) && (before == null || before.state() != after.state())) {
            // Stopped or put to sleep while calls wait for it (an API stop racing a wake): those
            // calls are as new calls to a stopped service, which wake it; without another start
            // they would wait out the wake timeout for an instance nobody is starting.
            Wake wake = wakes.get(after.name());
            if (wake != null && wake.startRequested.get() && !wake.ready.isDone()) {
                log.info("service {} was {} while {} calls wait for it: asking the manager to start it again",
                        after.name(), after.state().wireName(), held(after.name()));
                background.execute(() -> requestStart(after.name(), wake));
            }
            return;
        }
        if (!after.instances().isEmpty()) {
            Wake wake = wakes.remove(after.name());
            if (wake != null) {
                log.info("service {} is ready after {} ms; releasing held calls", after.name(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wake.startedNanos));
                wake.ready.complete(null);
            }
        }
    }
}
