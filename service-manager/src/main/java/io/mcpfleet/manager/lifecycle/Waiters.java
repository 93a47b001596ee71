package io.mcpfleet.manager.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The callers waiting on a service: for a ready instance (a start or wake), or for nothing of it
 * to run any more (a stop or sleep). Settled after each published change, so whoever a settled
 * future wakes sees that change.
 */
final class Waiters {

    private final List<CompletableFuture<Instance>> readiness = new ArrayList<>();
    /** Completed once nothing of the service runs any more (stop, sleep). */
    private final List<CompletableFuture<ServiceSnapshot>> quiet = new ArrayList<>();

    void awaitReady(CompletableFuture<Instance> ready) {
        readiness.add(ready);
    }

    void awaitQuiet(CompletableFuture<ServiceSnapshot> done) {
        quiet.add(done);
    }

    /**
     * Fails every waiter now rather than with a timeout later (a stop would wait for the engine's
     * return); what they asked for stays wanted.
     */
    void failAll(RuntimeException e) {
        readiness.forEach(w -> w.completeExceptionally(e));
        readiness.clear();
        quiet.forEach(w -> w.completeExceptionally(e));
        quiet.clear();
    }

    /** Completes (or fails) the waiters whose wait is over, given the service as just published. */
    void settle(ManagedService svc, ServiceSnapshot published) {
        settleQuiet(svc, published);
        String refusal = svc.starts().takeRefusal();
        if (readiness.isEmpty()) {
            return;
        }
        Instance ready = svc.instances().stream().filter(Instance::routable).findFirst().orElse(null);
        String why = null;
        if (ready != null) {
            readiness.forEach(w -> w.complete(ready));
            readiness.clear();
        } else if (refusal != null) {
            why = "service " + svc.name() + " cannot start: " + refusal;
        } else if (svc.desired() == 0) {
            why = "service " + svc.name() + " was stopped while starting";
        } else if (svc.starts().backoff().failing()) {
            why = "service " + svc.name() + " cannot start: " + svc.starts().lastError();
        }
        if (why != null) {
            StartFailedException failure = new StartFailedException(svc.name(), why);
            readiness.forEach(w -> w.completeExceptionally(failure));
            readiness.clear();
        }
    }

    private void settleQuiet(ManagedService svc, ServiceSnapshot published) {
        if (quiet.isEmpty()) {
            return;
        }
        if (svc.instances().quiet() || svc.desired() > 0) {
            // A start that overtook the stop also ends the wait: the caller sees the new state.
            quiet.forEach(w -> w.complete(published));
            quiet.clear();
        }
    }
}
