package io.mcpfleet.router.routing;

import io.mcpfleet.config.SessionMode;
import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.activation.Activator;
import io.mcpfleet.router.catalog.CatalogLearner;
import io.mcpfleet.router.catalog.ToolEntry;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.RoutingSettings;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.MalformedJsonException;
import io.mcpfleet.router.json.Splice;
import io.mcpfleet.router.metrics.Outcome;
import io.mcpfleet.router.metrics.RouterMetrics;
import io.mcpfleet.router.resilience.Breakers;
import io.mcpfleet.router.resilience.ReplayPolicy;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.BackendStream;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Routes one {@code tools/call} to the owning service: picks (or reuses the bound) instance,
 * wakes the service when it has none, relays the call, and on failure replays it on another
 * instance when that is safe. Every failure leaves as a {@link RouteFailure}.
 */
@Component
public class ToolCallRouter {

    private static final Logger log = LoggerFactory.getLogger(ToolCallRouter.class);

    private final ServiceRoutes routes;
    private final Breakers breakers;
    private final Activator activator;
    private final ActivityTracker tracker;
    private final UpstreamClient upstream;
    private final RouterMetrics metrics;
    private final EnvelopeScanner scanner;
    private final CatalogLearner learner;
    private final CallRelay relay;
    private final Duration setupTimeout;
    private final Duration progressEvery;
    private final AtomicLong backendIds = new AtomicLong();

    ToolCallRouter(ServiceRoutes routes, Breakers breakers, Activator activator, ActivityTracker tracker,
                   UpstreamClient upstream, RouterMetrics metrics, EnvelopeScanner scanner, CatalogLearner learner,
                   RouterProperties properties) {
        this.routes = routes;
        this.breakers = breakers;
        this.activator = activator;
        this.tracker = tracker;
        this.upstream = upstream;
        this.metrics = metrics;
        this.scanner = scanner;
        this.learner = learner;
        this.relay = new CallRelay(upstream, scanner, learner);
        this.setupTimeout = properties.backend().setupTimeout();
        this.progressEvery = properties.backend().wakeProgressInterval();
    }

    /**
     * Routes the call and writes its answer to {@code sink}.
     *
     * @throws RouteFailure when it could not be routed or completed; nothing was written for it
     *                      unless {@link ReplySink#streamed()} says so
     */
    public void call(CallContext ctx, Envelope request, ToolEntry tool, ReplySink sink) {
        long startNanos = System.nanoTime();
        ServiceRoutes.Route route = routes.route(tool.service());
        RoutingSettings settings = route.settings();
        long deadline = startNanos + settings.callTimeout().toNanos();
        ActivityTracker.Counters counters = tracker.of(tool.service());
        String clientId = request.idText();
        CallHandle handle = new CallHandle(upstream);
        counters.callStarted();
        ctx.callStarted(clientId, handle);
        Outcome outcome = Outcome.INTERNAL;
        try {
            outcome = attempts(ctx, request, tool, sink, route, deadline, handle, counters);
        } catch (RouteFailure f) {
            outcome = Outcome.of(f.reason());
            throw f;
        } catch (ClientGoneException e) {
            outcome = Outcome.CANCELLED;
            throw e;
        } finally {
            ctx.callEnded(clientId);
            counters.callEnded();
            metrics.record(tool.service(), tool.toolName(), outcome, System.nanoTime() - startNanos);
        }
    }

    private Outcome attempts(CallContext ctx, Envelope request, ToolEntry tool, ReplySink sink,
                             ServiceRoutes.Route route, long deadline, CallHandle handle,
                             ActivityTracker.Counters counters) {
        RoutingSettings settings = route.settings();
        boolean stateful = settings.sessions() == SessionMode.STATEFUL;
        List<String> tried = new ArrayList<>(2);
        RouteFailure last = null;
        boolean sessionRetried = false;
        int attempts = 0;
        while (attempts < settings.maxAttempts()) {
            Target target = acquire(ctx, request, tool, sink, route, deadline, tried, last);
            attempts++;
            String backendId = stateful ? request.idText() : Long.toString(backendIds.incrementAndGet());
            byte[] message = rewrite(request, tool, stateful ? null : backendId);
            Backend backend = target.backend();
            long t0 = System.nanoTime();
            backend.load.started();
            if (backend.removed()) {
                // It began to drain between the pick and now, and a report may already have told the
                // manager it is idle: send this call elsewhere (counted first, checked second, so
                // either that report shows the call or this check sees the drain).
                callEnded(backend);
                backend.breaker.releasePermission();
                attempts--;
                continue;
            }
            try {
                Outcome outcome = relay.run(ctx, target, message, backendId, request.idText(), handle, sink, deadline,
                        streamCounter(counters));
                long took = System.nanoTime() - t0;
                backend.load.record(took);
                backend.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                return outcome;
            } catch (UpstreamException e) {
                long took = System.nanoTime() - t0;
                if (e.kind() == UpstreamException.Kind.SESSION_GONE && !sessionRetried) {
                    // The instance forgot the backend session before handling anything (it restarted,
                    // e.g. woken from sleep in stop mode): open a new one and resend, whatever the
                    // tool (nothing ran).
                    backend.breaker.releasePermission();
                    forgetSession(ctx, target, target.binding() == null ? "the instance no longer knows it"
                            : "the instance no longer knows it (it restarted, e.g. woken from sleep in stop mode); "
                            + "a new backend session starts and any state the server kept for this client is lost "
                            + "(a service that keeps state should sleep in pause mode)");
                    sessionRetried = true;
                    attempts--;
                    continue;
                }
                if (e.kind() == UpstreamException.Kind.REJECTED) {
                    backend.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                } else {
                    backend.breaker.onError(took, TimeUnit.NANOSECONDS, e);
                }
                if (e.kind() != UpstreamException.Kind.REJECTED && e.kind() != UpstreamException.Kind.GARBAGE) {
                    forgetSession(ctx, target, e.getMessage());
                }
                last = failure(tool, e, settings);
                tried.add(backend.id());
                boolean timeLeft = deadline - System.nanoTime() > 0;
                if (!timeLeft || e.kind() == UpstreamException.Kind.REJECTED
                        || !ReplayPolicy.mayReplay(settings.retry(), tool, sink.streamed())) {
                    throw last;
                }
                if (attempts < settings.maxAttempts()) {
                    log.info("replaying call to {} on another instance: {}", tool.exposedName(), e.getMessage());
                }
            } catch (RuntimeException e) {
                backend.breaker.releasePermission();
                throw e;
            } finally {
                callEnded(backend);
            }
        }
        throw last;
    }

    private void callEnded(Backend backend) {
        backend.load.ended();
        if (backend.removed() && backend.load.inFlight() == 0) {
            // The last call on a draining instance ended: tell the manager now, not at the next report.
            tracker.reportSoon();
        }
    }

    /** Finds where the next attempt goes: the bound instance, or a balanced pick (waking the service if needed). */
    private Target acquire(CallContext ctx, Envelope request, ToolEntry tool, ReplySink sink,
                           ServiceRoutes.Route route, long deadline, List<String> tried, RouteFailure last) {
        String service = tool.service();
        boolean stateful = route.settings().sessions() == SessionMode.STATEFUL;
        if (stateful) {
            ReentrantLock lock = ctx.bindings().lockFor(service);
            lock.lock();
            try {
                SessionBindings.Binding binding = ctx.bindings().get(service);
                if (binding != null && binding.backend().removed()) {
                    if (route.backends().isEmpty() && last == null) {
                        // The service sleeps: wake it before giving the binding up, its container
                        // may come back at the same address with the session (pause mode).
                        holdForWake(request, tool, sink, route, deadline);
                        routes.route(service);
                    }
                    binding = rebaseIfBack(ctx, route, binding);
                }
                if (binding != null) {
                    Backend b = binding.backend();
                    if (!b.removed() && !tried.contains(b.id()) && breakers.eligible(b.breaker)
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
                    ctx.bindings().unbind(service, binding);
                }
                return pick(ctx, request, tool, sink, route, deadline, tried, last, true);
            } finally {
                lock.unlock();
            }
        }
        return pick(ctx, request, tool, sink, route, deadline, tried, last, false);
    }

    /**
     * A binding whose instance left the fleet keeps its backend session when the same container is
     * back at the same address (woken from pause: the server still has the session). Else it stays
     * as it is, to be replaced. Returns the binding in force, or {@code null} if it vanished.
     */
    private SessionBindings.Binding rebaseIfBack(CallContext ctx, ServiceRoutes.Route route,
                                                 SessionBindings.Binding binding) {
        Backend gone = binding.backend();
        for (Backend b : route.backends()) {
            if (b != gone && !b.removed() && b.ref.equals(gone.ref)) {
                return ctx.bindings().rebase(gone.service, binding, b);
            }
        }
        return binding;
    }

    private Target pick(CallContext ctx, Envelope request, ToolEntry tool, ReplySink sink, ServiceRoutes.Route route,
                        long deadline, List<String> tried, RouteFailure last, boolean stateful) {
        String service = tool.service();
        List<String> excluded = new ArrayList<>(tried);
        while (true) {
            List<Backend> all = route.backends();
            if (all.isEmpty()) {
                if (last != null) {
                    throw last;
                }
                holdForWake(request, tool, sink, route, deadline);
                // The wake is released by the fleet view: make sure the route has caught up with it.
                route = routes.route(service);
                continue;
            }
            List<Backend> candidates = new ArrayList<>(all.size());
            long retryAfter = Long.MAX_VALUE;
            for (Backend b : all) {
                if (excluded.contains(b.id())) {
                    continue;
                }
                if (breakers.eligible(b.breaker)) {
                    candidates.add(b);
                } else {
                    retryAfter = Math.min(retryAfter, breakers.retryAfterMillis(b.breaker));
                }
            }
            if (candidates.isEmpty()) {
                if (last != null) {
                    throw last;
                }
                if (retryAfter != Long.MAX_VALUE) {
                    throw new RouteFailure(Reason.CIRCUIT_OPEN, service, tool.toolName(), "every instance of service "
                            + service + " is failing (circuit open); try again in " + retryAfter + " ms", retryAfter,
                            null);
                }
                throw new RouteFailure(Reason.NO_HEALTHY_INSTANCE, service, tool.toolName(),
                        "no healthy instance of service " + service + " is left to try", 1000L, null);
            }
            Backend chosen = route.balancer().pick(candidates);
            if (!chosen.breaker.tryAcquirePermission()) {
                excluded.add(chosen.id());
                continue;
            }
            try {
                return stateful ? bind(ctx, chosen) : new Target(chosen, pooledSession(chosen), null);
            } catch (UpstreamException e) {
                chosen.breaker.onError(0, TimeUnit.NANOSECONDS, e);
                log.warn("cannot open a session on instance {} of service {}: {}", chosen.id(), service,
                        e.getMessage());
                excluded.add(chosen.id());
                tried.add(chosen.id());
                last = new RouteFailure(Reason.BACKEND_UNREACHABLE, service, tool.toolName(), "cannot open a session on"
                        + " instance " + chosen.id() + " of service " + service + ": " + e.getMessage(), null, e);
            }
        }
    }

    private void holdForWake(Envelope request, ToolEntry tool, ReplySink sink, ServiceRoutes.Route route,
                             long deadline) {
        String token = request.progressTokenText();
        long[] progress = {0};
        Activator.WaitTicker ticker = token == null ? null : waited -> {
            progress[0]++;
            String note = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":"
                    + token + ",\"progress\":" + progress[0] + ",\"message\":"
                    + Splice.quote("waking service " + tool.service() + " (" + waited + " ms)") + "}}";
            sink.intermediate(note.getBytes(StandardCharsets.UTF_8));
        };
        activator.awaitInstances(tool.service(), tool.toolName(), route.settings(), deadline,
                ticker == null ? null : progressEvery, ticker);
    }

    private Target bind(CallContext ctx, Backend backend) {
        BackendSession session = upstream.open(backend.service, backend.ref, ctx.initParams(), setupTimeout);
        String level = ctx.logLevel();
        if (level != null) {
            try {
                upstream.request(session, "logging/setLevel", "{\"level\":" + Splice.quote(level) + "}", setupTimeout);
            } catch (UpstreamException e) {
                log.debug("instance {} refused logging/setLevel: {}", backend.id(), e.getMessage());
            }
        }
        BackendStream stream = upstream.listen(session, new ClientStreamRelay(ctx));
        SessionBindings.Binding binding = new SessionBindings.Binding(backend, session, stream);
        ctx.bindings().bind(backend.service, binding);
        return new Target(backend, session, binding);
    }

    private BackendSession pooledSession(Backend backend) {
        BackendSession session = backend.pooled.get();
        if (session != null && !session.closed()) {
            return session;
        }
        synchronized (backend) {
            session = backend.pooled.get();
            if (session == null || session.closed()) {
                session = upstream.open(backend.service, backend.ref, ROUTER_POOL, setupTimeout);
                backend.pooled.set(session);
            }
            return session;
        }
    }

    private void forgetSession(CallContext ctx, Target target, String why) {
        if (target.binding() != null) {
            log.info("dropping the binding of a client session to instance {} of service {}: {}",
                    target.backend().id(), target.backend().service, why);
            ctx.bindings().unbind(target.backend().service, target.binding());
        } else if (target.backend().pooled.compareAndSet(target.session(), null)) {
            upstream.close(target.session());
        }
    }

    /** The request as the backend must see it: the bare tool name, and the mapped id if any. */
    private static byte[] rewrite(Envelope request, ToolEntry tool, String backendId) {
        byte[] bytes = request.bytes();
        boolean renamed = !tool.toolName().equals(tool.exposedName());
        if (backendId == null) {
            return renamed ? Splice.replace(bytes, request.nameSpan(), Splice.quote(tool.toolName())) : bytes;
        }
        return renamed ? Splice.replace(bytes, request.nameSpan(), Splice.quote(tool.toolName()), request.id(), backendId)
                : Splice.replace(bytes, request.id(), backendId);
    }

    private static RouteFailure failure(ToolEntry tool, UpstreamException e, RoutingSettings settings) {
        Reason reason = switch (e.kind()) {
            case UNREACHABLE -> Reason.BACKEND_UNREACHABLE;
            case SERVER_ERROR, REJECTED, SESSION_GONE -> Reason.BACKEND_ERROR;
            case GARBAGE -> Reason.BACKEND_GARBAGE;
            case CLOSED -> Reason.STREAM_CLOSED;
            case TIMEOUT -> Reason.CALL_TIMEOUT;
        };
        String message = reason == Reason.CALL_TIMEOUT
                ? "tool " + tool.exposedName() + " did not finish within " + settings.callTimeout().toMillis()
                + " ms (call timeout of service " + tool.service() + ")"
                : "tool " + tool.exposedName() + " failed: " + e.getMessage();
        return new RouteFailure(reason, tool.service(), tool.toolName(), message, null, e);
    }

    private static CallRelay.StreamCounter streamCounter(ActivityTracker.Counters counters) {
        return new CallRelay.StreamCounter() {
            @Override
            public void opened() {
                counters.streamOpened();
            }

            @Override
            public void closed() {
                counters.streamClosed();
            }
        };
    }

    /** Pooled sessions belong to no client: they declare no client capabilities. */
    private static final io.mcpfleet.router.upstream.InitParams ROUTER_POOL = new io.mcpfleet.router.upstream.InitParams(
            "2025-11-25", "{}", "{\"name\":\"mcp-fleet-tool-router\",\"version\":\"0.1.0\"}");

    /** Relays what a bound backend session sends on its GET stream to the client's GET stream. */
    private final class ClientStreamRelay implements BackendStream.Sink {
        private final CallContext ctx;

        ClientStreamRelay(CallContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void message(BackendSession session, byte[] json) {
            Envelope e;
            try {
                e = scanner.scan(json);
            } catch (MalformedJsonException ex) {
                log.debug("ignoring garbage on the GET stream of {}", session);
                return;
            }
            if ("notifications/tools/list_changed".equals(e.method())) {
                learner.relearn(session.service());
            } else if (e.kind() == Envelope.Kind.REQUEST) {
                ctx.toClientStream(Splice.replace(json, e.id(), ctx.serverRequest(session, e.idText())));
            } else if (e.kind() == Envelope.Kind.NOTIFICATION) {
                ctx.toClientStream(json);
            }
        }
    }
}
