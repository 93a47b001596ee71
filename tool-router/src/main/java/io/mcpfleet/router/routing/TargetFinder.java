package io.mcpfleet.router.routing;

import io.mcpfleet.config.SessionMode;
import io.mcpfleet.router.activation.WakeHold;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.resilience.Breakers;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds where the next attempt of a call goes, with the instance's breaker permission held: for a
 * stateful service the instance the client session is bound to, while it is there and healthy
 * (else a new binding); for a stateless one a balanced pick with the instance's pooled session for
 * the client's capabilities. A service with no routable instance is woken first and the call held
 * until one is there.
 */
final class TargetFinder {

    private static final Logger log = LoggerFactory.getLogger(TargetFinder.class);

    private final ServiceRoutes routes;
    private final Breakers breakers;
    private final InstancePicker picker;
    private final BackendSessions sessions;
    private final WakeHold wake;

    TargetFinder(ServiceRoutes routes, Breakers breakers, InstancePicker picker, BackendSessions sessions,
                 WakeHold wake) {
        this.routes = routes;
        this.breakers = breakers;
        this.picker = picker;
        this.sessions = sessions;
        this.wake = wake;
    }

    Target find(Call call) {
        if (call.route.settings().sessions() != SessionMode.STATEFUL) {
            return pick(call, false);
        }
        String service = call.service();
        SessionBindings bindings = call.ctx.bindings();
        ReentrantLock lock = bindings.lockFor(service);
        lock.lock();
        try {
            SessionBindings.Binding binding = bindings.get(service);
            if (binding != null && binding.backend().removed()) {
                if (call.route.backends().isEmpty() && call.last == null) {
                    // The service sleeps: wake it before giving the binding up, its container
                    // may come back at the same address with the session (pause mode).
                    awaitWake(call, call.route);
                    routes.route(service);
                }
                binding = rebaseIfBack(bindings, call.route, binding);
            }
            if (binding != null) {
                Backend b = binding.backend();
                if (!b.removed() && !call.tried.contains(b.id()) && breakers.eligible(b.breaker)
                        && b.breaker.tryAcquirePermission()) {
                    return new Target(b, binding.session(), binding);
                }
                if (b.removed()) {
                    log.info("rebinding a client session of service {}: instance {} is gone (asleep, scaled in "
                            + "or failed); a new backend session starts and any state the server kept for this "
                            + "client is lost (a service that keeps state should sleep in pause mode)", service,
                            b.id());
                } else {
                    log.info("rebinding a client session of service {}: instance {} is failing", service, b.id());
                }
                bindings.unbind(service, binding);
            }
            return pick(call, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where the call's first attempt goes when that is known without waiting, with the instance's
     * breaker permission held: the client's binding to a healthy instance (stateful), or a balanced
     * pick whose pooled session for the client is open (stateless). {@code null}, holding nothing,
     * when finding it would wait or fail ({@link #find} then does and says why): a service to wake,
     * a backend session to set up, a binding's lock held by another call, no instance or no breaker
     * permission at hand, a request pinned to an instance.
     */
    Target findAtOnce(Call call) {
        if (call.ctx.pinnedInstance() != null) {
            return null;
        }
        String service = call.service();
        if (call.route.settings().sessions() != SessionMode.STATEFUL) {
            return pickAtOnce(call);
        }
        SessionBindings bindings = call.ctx.bindings();
        ReentrantLock lock = bindings.lockFor(service);
        if (!lock.tryLock()) {
            return null;
        }
        try {
            SessionBindings.Binding binding = bindings.get(service);
            if (binding == null) {
                return null;
            }
            Backend b = binding.backend();
            if (!b.removed() && breakers.eligible(b.breaker) && b.breaker.tryAcquirePermission()) {
                return new Target(b, binding.session(), binding);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A balanced pick with its pooled session, as {@link #pick} makes it, when every instance the
     * balancer may pick has its pooled session open; else {@code null} before anything is picked:
     * a pick moves the balancer's cursor, and the blocking path that opens the session must make
     * the same pick as if this one had not been made (declining after a pick would send the
     * instance without a session to the back of the rotation every time, and it would never get one).
     */
    private Target pickAtOnce(Call call) {
        List<Backend> all = call.route.backends();
        if (all.isEmpty()) {
            return null;
        }
        InitParams init = call.ctx.pooledInitParams();
        for (Backend b : all) {
            if (breakers.eligible(b.breaker) && sessions.pooledAtOnce(b, init) == null) {
                return null;
            }
        }
        List<String> excluded = new ArrayList<>(call.tried);
        while (true) {
            Backend chosen;
            try {
                chosen = picker.choose(call.route, all, excluded, call.target, null);
            } catch (RouteFailure f) {
                return null; // the blocking path says why
            }
            if (!chosen.breaker.tryAcquirePermission()) {
                excluded.add(chosen.id());
                continue;
            }
            BackendSession session = sessions.pooledAtOnce(chosen, init);
            if (session == null) {
                // dropped a moment ago: opening a new one waits
                chosen.breaker.releasePermission();
                return null;
            }
            return new Target(chosen, session, null);
        }
    }

    /**
     * A binding whose instance left the fleet keeps its backend session when the same container is
     * back at the same address (woken from pause: the server still has the session). Else it stays
     * as it is, to be replaced. Returns the binding in force, or {@code null} if it vanished.
     */
    private static SessionBindings.Binding rebaseIfBack(SessionBindings bindings, ServiceRoutes.Route route,
                                                        SessionBindings.Binding binding) {
        Backend gone = binding.backend();
        for (Backend b : route.backends()) {
            if (b != gone && !b.removed() && b.ref.equals(gone.ref)) {
                return bindings.rebase(gone.service, binding, b);
            }
        }
        return binding;
    }

    /** A balanced pick with a backend session on it: a new binding, or the instance's pooled session. */
    private Target pick(Call call, boolean bind) {
        String service = call.service();
        ServiceRoutes.Route route = call.route;
        RouteFailure last = call.last;
        List<String> excluded = new ArrayList<>(call.tried);
        while (true) {
            List<Backend> all = route.backends();
            if (all.isEmpty()) {
                if (last != null) {
                    throw last;
                }
                awaitWake(call, route);
                // The wake is released by the fleet view: make sure the route has caught up with it.
                route = routes.route(service);
                continue;
            }
            String pinned = call.ctx.pinnedInstance();
            Backend chosen = pinned == null ? picker.choose(route, all, excluded, call.target, last)
                    : pinnedBackend(call, all, excluded, pinned);
            if (!chosen.breaker.tryAcquirePermission()) {
                excluded.add(chosen.id());
                continue;
            }
            try {
                return bind ? sessions.bind(call.ctx, chosen)
                        : new Target(chosen, sessions.pooled(chosen, call.ctx.pooledInitParams()), null);
            } catch (UpstreamException e) {
                chosen.breaker.onError(0, TimeUnit.NANOSECONDS, e);
                log.warn("cannot open a session on instance {} of service {}: {}", chosen.id(), service,
                        e.getMessage());
                excluded.add(chosen.id());
                call.tried.add(chosen.id());
                last = new RouteFailure(Reason.BACKEND_UNREACHABLE, service, call.target.nameAtService(),
                        "cannot open a session on instance " + chosen.id() + " of service " + service + ": "
                        + e.getMessage(), null, e);
            }
        }
    }

    /** The instance a retry is pinned to; when it is gone or failed, the retry fails (another has not its state). */
    private static Backend pinnedBackend(Call call, List<Backend> all, List<String> excluded, String pinned) {
        for (Backend b : all) {
            if (b.id().equals(pinned) && !excluded.contains(b.id())) {
                return b;
            }
        }
        if (call.last != null) {
            throw call.last;
        }
        throw new RouteFailure(Reason.NO_HEALTHY_INSTANCE, call.service(), call.target.nameAtService(),
                "instance " + pinned + " of service " + call.service() + ", which issued this request's "
                + "requestState, is gone: start the request again without requestState and inputResponses");
    }

    private void awaitWake(Call call, ServiceRoutes.Route route) {
        wake.await(call.service(), call.target.nameAtService(), route.settings(), call.deadlineNanos,
                call.request.progressTokenText(), call.sink::intermediate);
    }
}
