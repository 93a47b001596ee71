package io.mcpfleet.router.routing;

import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.BackendStream;
import io.mcpfleet.router.upstream.UpstreamClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A client session's backend sessions, one per stateful service it has called: the instance it
 * is bound to, the backend session there, and that session's GET stream.
 */
public final class SessionBindings {

    /** One binding. */
    record Binding(Backend backend, BackendSession session, BackendStream stream) {
    }

    private final Map<String, Binding> byService = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> binding = new ConcurrentHashMap<>();
    private final UpstreamClient upstream;
    private final ActivityTracker tracker;

    public SessionBindings(UpstreamClient upstream, ActivityTracker tracker) {
        this.upstream = upstream;
        this.tracker = tracker;
    }

    Binding get(String service) {
        return byService.get(service);
    }

    /**
     * Serialises binding a service, so concurrent first calls of one client session share one
     * backend session instead of each opening (and replacing) their own. A lock, not
     * synchronized: opening a session blocks on the network.
     */
    ReentrantLock lockFor(String service) {
        return binding.computeIfAbsent(service, k -> new ReentrantLock());
    }

    void bind(String service, Binding binding) {
        Binding previous = byService.put(service, binding);
        tracker.of(service).sessionBound();
        if (previous != null) {
            release(service, previous);
        }
    }

    /** Drops the binding if it is still the given one. */
    void unbind(String service, Binding binding) {
        if (byService.remove(service, binding)) {
            release(service, binding);
        }
    }

    /** Every bound backend session (e.g. to forward {@code logging/setLevel}). */
    public void forEachSession(Consumer<BackendSession> action) {
        byService.values().forEach(b -> action.accept(b.session()));
    }

    public int size() {
        return byService.size();
    }

    /** Ends every backend session (the client session ended). */
    public void closeAll() {
        byService.forEach((service, binding) -> unbind(service, binding));
    }

    private void release(String service, Binding binding) {
        tracker.of(service).sessionUnbound();
        if (binding.stream() != null) {
            binding.stream().close();
        }
        upstream.close(binding.session());
    }
}
