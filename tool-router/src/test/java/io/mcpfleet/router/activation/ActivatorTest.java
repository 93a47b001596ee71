package io.mcpfleet.router.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.FollowedFleet;
import io.mcpfleet.router.discovery.InMemoryFleetDirectory;
import io.mcpfleet.router.discovery.RoutingSettings;
import io.mcpfleet.router.discovery.ServiceView;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wake holding on an in-memory manager: one wake per service, bounded by queue and deadline, released by the fleet. */
class ActivatorTest {

    private static final RoutableInstance A = new RoutableInstance("a", "http://a:8000");

    private final InMemoryFleetDirectory directory = new InMemoryFleetDirectory();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private Activator activator;
    private FleetView fleet;

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    private void sleeping(String service, int queueLimit, long wakeTimeoutMs) {
        directory.add(service, new RoutingView("/mcp", "stateful", "round_robin", 60_000, "auto", 3, queueLimit,
                wakeTimeoutMs, List.of()), List.of(), null);
        fleet = FollowedFleet.of(directory);
        activator = new Activator(fleet, directory, Executors.newCachedThreadPool());
    }

    private CompletableFuture<ServiceView> hold(String service) {
        return CompletableFuture.supplyAsync(() -> activator.awaitInstances(service, "tool",
                fleet.service(service).routing(), System.nanoTime() + TimeUnit.MINUTES.toNanos(1), null, null), callers);
    }

    @Test
    void concurrentCallsJoinOneWakeAndAreReleasedWhenAnInstanceIsRoutable() {
        sleeping("svc", 10, 60_000);

        List<CompletableFuture<ServiceView>> held = List.of(hold("svc"), hold("svc"), hold("svc"));
        await().until(() -> activator.held("svc") == 3);
        directory.publish("svc", List.of(A));

        assertThat(held).allSatisfy(h -> assertThat(h.join().instances()).hasSize(1));
        assertThat(directory.starts("svc")).isEqualTo(1);
        assertThat(activator.held("svc")).isZero();
    }

    @Test
    void aCallBeyondTheQueueLimitIsRefusedAtOnce() {
        sleeping("svc", 1, 60_000);
        CompletableFuture<ServiceView> first = hold("svc");
        await().until(() -> activator.held("svc") == 1);

        RouteFailure refused = catchThrowableOfType(RouteFailure.class, () -> activator.awaitInstances("svc", "tool",
                fleet.service("svc").routing(), System.nanoTime() + TimeUnit.MINUTES.toNanos(1), null, null));

        assertThat(refused.reason()).isEqualTo(Reason.QUEUE_FULL);
        assertThat(refused.retryAfterMillis()).isEqualTo(6_000L);
        directory.publish("svc", List.of(A));
        assertThat(first.join().instances()).hasSize(1);
    }

    @Test
    void aHeldCallEndsWithAWakeTimeoutAndTheNextCallAsksTheManagerAgain() {
        sleeping("svc", 10, 50);
        RoutingSettings routing = fleet.service("svc").routing();

        RouteFailure first = catchThrowableOfType(RouteFailure.class, () -> activator.awaitInstances("svc", "tool",
                routing, System.nanoTime() + TimeUnit.MINUTES.toNanos(1), null, null));
        RouteFailure second = catchThrowableOfType(RouteFailure.class, () -> activator.awaitInstances("svc", "tool",
                routing, System.nanoTime() + TimeUnit.MINUTES.toNanos(1), null, null));

        assertThat(first.reason()).isEqualTo(Reason.WAKE_TIMEOUT);
        assertThat(first.getMessage()).startsWith("service svc did not become ready within ").endsWith(
                " ms (wake timeout 50 ms)");
        assertThat(second.reason()).isEqualTo(Reason.WAKE_TIMEOUT);
        assertThat(directory.starts("svc")).isEqualTo(2);
    }

    @Test
    void theCallsOwnDeadlineEndsTheHoldBeforeTheWakeTimeout() {
        sleeping("svc", 10, 60_000);

        RouteFailure timedOut = catchThrowableOfType(RouteFailure.class, () -> activator.awaitInstances("svc", "tool",
                fleet.service("svc").routing(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30), null, null));

        assertThat(timedOut.reason()).isEqualTo(Reason.WAKE_TIMEOUT);
    }

    @Test
    void aStartTheManagerRefusesFailsTheHeldCallsWithTheReason() {
        sleeping("svc", 10, 60_000);
        RoutingSettings routing = fleet.service("svc").routing();
        directory.reachable(false);

        RouteFailure failed = catchThrowableOfType(RouteFailure.class, () -> activator.awaitInstances("svc", "tool",
                routing, System.nanoTime() + TimeUnit.MINUTES.toNanos(1), null, null));

        assertThat(failed.reason()).isEqualTo(Reason.WAKE_FAILED);
        assertThat(failed.getMessage()).startsWith("cannot start service svc: the manager cannot be reached");
        assertThat(failed.tool()).isEqualTo("tool");
    }

    @Test
    void aServiceStoppedWhileCallsWaitIsAskedToStartAgain() {
        sleeping("svc", 10, 60_000);
        CompletableFuture<ServiceView> held = hold("svc");
        await().until(() -> directory.starts("svc") == 1);

        directory.state("svc", ServiceState.STARTING);
        directory.state("svc", ServiceState.STOPPED);
        await().until(() -> directory.starts("svc") == 2);
        directory.publish("svc", List.of(A));

        assertThat(held.join().instances()).hasSize(1);
    }

    @Test
    void aServiceWithAnInstanceIsNotWoken() {
        sleeping("svc", 10, 60_000);
        directory.publish("svc", List.of(A));

        ServiceView view = activator.awaitInstances("svc", "tool", fleet.service("svc").routing(),
                System.nanoTime() + Duration.ofMinutes(1).toNanos(), null, null);

        assertThat(view.instances()).hasSize(1);
        assertThat(directory.starts("svc")).isZero();
    }
}
