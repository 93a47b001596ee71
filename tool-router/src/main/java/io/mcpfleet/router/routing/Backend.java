package io.mcpfleet.router.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpfleet.router.balancing.Balanced;
import io.mcpfleet.router.balancing.InstanceLoad;
import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.upstream.BackendSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One routable instance at run time: where it is, its load, its breaker, its pooled sessions. */
final class Backend implements Balanced {

    final String service;
    final InstanceRef ref;
    final InstanceLoad load;
    final CircuitBreaker breaker;
    /**
     * The shared backend sessions of a stateless service on this instance, by the capabilities
     * they declare ({@link PooledCapabilities}: a few at most), each opened on first use.
     */
    final Map<String, BackendSession> pooled = new ConcurrentHashMap<>();
    /** Its GET streams send no head before their first event: new bindings do not wait for one ({@link BackendSessions}). */
    volatile boolean streamHeadLate;
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

    /** Drops a pooled session if it is still in the pool; true when this call dropped it (and should close it). */
    boolean dropPooled(BackendSession session) {
        for (Map.Entry<String, BackendSession> e : pooled.entrySet()) {
            if (e.getValue() == session) {
                return pooled.remove(e.getKey(), session);
            }
        }
        return false;
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
