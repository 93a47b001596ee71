package io.mcpfleet.router.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpfleet.router.balancing.Balanced;
import io.mcpfleet.router.balancing.InstanceLoad;
import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.upstream.BackendSession;
import java.util.concurrent.atomic.AtomicReference;

/** One routable instance at run time: where it is, its load, its breaker, its pooled session. */
final class Backend implements Balanced {

    final String service;
    final InstanceRef ref;
    final InstanceLoad load;
    final CircuitBreaker breaker;
    /** The shared backend session of a stateless service on this instance (opened lazily). */
    final AtomicReference<BackendSession> pooled = new AtomicReference<>();
    private volatile boolean removed;

    Backend(String service, InstanceRef ref, InstanceLoad load, CircuitBreaker breaker) {
        this.service = service;
        this.ref = ref;
        this.load = load;
        this.breaker = breaker;
    }

    @Override
    public InstanceLoad load() {
        return load;
    }

    String id() {
        return ref.id();
    }

    boolean removed() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    @Override
    public String toString() {
        return service + "/" + ref.id();
    }
}
