package io.mcpfleet.router.routing;

import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.activation.SessionUse;
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
    private final SessionUse use;

    /**
     * @param use how recently the client session was used: its bindings keep their services awake only while it is
     */
    public SessionBindings(UpstreamClient upstream, ActivityTracker tracker, SessionUse use) {
        this.upstream = upstream;
        this.tracker = tracker;
        this.use = use;
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
        tracker.of(service).sessionBound(binding, use);
        if (previous != null) {
            release(service, previous);
        }
    }

    /**
     * Moves a binding to the instance's new {@link Backend}, keeping its backend session: the same
     * container came back at the same address (woken from pause), so the server still has the session.
     *
     * @return the binding now in force, or {@code null} if it was replaced meanwhile
     */
    Binding rebase(String service, Binding binding, Backend backend) {
        Binding moved = new Binding(backend, binding.session(), binding.stream());
        if (!byService.replace(service, binding, moved)) {
            return null;
        }
        ActivityTracker.Counters counters = tracker.of(service);
        counters.sessionBound(moved, use);
        counters.sessionUnbound(binding);
        return moved;
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
        tracker.of(service).sessionUnbound(binding);
        if (binding.stream() != null) {
            binding.stream().close();
        }
        upstream.close(binding.session());
    }
}
