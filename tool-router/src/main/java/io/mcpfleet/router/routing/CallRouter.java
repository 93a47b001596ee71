package io.mcpfleet.router.routing;

import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.activation.WakeHold;
import io.mcpfleet.router.catalog.CatalogLearner;
import io.mcpfleet.router.catalog.Routable;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.metrics.CallRecorder;
import io.mcpfleet.router.metrics.Outcome;
import io.mcpfleet.router.metrics.RouterMetrics;
import io.mcpfleet.router.resilience.Breakers;
import io.mcpfleet.router.upstream.UpstreamClient;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Routes one relayed request (a {@code tools/call}) to the service that owns what it addresses
 * and writes the answer to the client's sink. This class is the call's frame: activity counters
 * and the handle {@code notifications/cancelled} finds while the call runs, the metrics when it
 * ends. Where each attempt goes is {@link TargetFinder}'s (the bound instance, or a balanced pick
 * by {@link InstancePicker}, waking the service when it has none); the attempts and their replays
 * are {@link Attempts}'; backend sessions are {@link BackendSessions}'. Every failure leaves as a
 * {@link RouteFailure}.
 */
@Component
public class CallRouter {

    private final ServiceRoutes routes;
    private final ActivityTracker tracker;
    private final UpstreamClient upstream;
    private final CallRecorder metrics;
    private final Attempts attempts;

    @Autowired
    CallRouter(ServiceRoutes routes, Breakers breakers, WakeHold wake, ActivityTracker tracker, UpstreamClient upstream,
               RouterMetrics metrics, EnvelopeScanner scanner, CatalogLearner learner, RouterProperties properties) {
        this(routes, breakers, wake, tracker, upstream, metrics, scanner, learner::relearn,
                properties.backend().setupTimeout());
    }

    /**
     * @param relearn told the service whose tools changed ({@code notifications/tools/list_changed} on a relayed stream)
     */
    CallRouter(ServiceRoutes routes, Breakers breakers, WakeHold wake, ActivityTracker tracker, UpstreamClient upstream,
               CallRecorder metrics, EnvelopeScanner scanner, Consumer<String> relearn, Duration setupTimeout) {
        this.routes = routes;
        this.tracker = tracker;
        this.upstream = upstream;
        this.metrics = metrics;
        BackendSessions sessions = new BackendSessions(upstream, scanner, relearn, setupTimeout);
        TargetFinder finder = new TargetFinder(routes, breakers, new InstancePicker(breakers), sessions, wake);
        this.attempts = new Attempts(finder, sessions, new CallRelay(upstream, scanner, relearn), tracker);
    }

    /**
     * Routes the call and writes its answer to {@code sink}.
     *
     * @param target what the request addresses (its owning service, its name there)
     * @throws RouteFailure when it could not be routed or completed; nothing was written for it
     *                      unless {@link ReplySink#streamed()} says so
     */
    public void call(CallContext ctx, Envelope request, Routable target, ReplySink sink) {
        long startNanos = System.nanoTime();
        ServiceRoutes.Route route = routes.route(target.service());
        long deadline = startNanos + route.settings().callTimeout().toNanos();
        ActivityTracker.Counters counters = tracker.of(target.service());
        String clientId = request.idText();
        CallHandle handle = new CallHandle(upstream);
        counters.callStarted();
        ctx.callStarted(clientId, handle);
        Outcome outcome = Outcome.INTERNAL;
        try {
            outcome = attempts.run(new Call(ctx, request, target, sink, route, deadline, handle, counters));
        } catch (RouteFailure f) {
            outcome = Outcome.of(f.reason());
            throw f;
        } catch (ClientGoneException e) {
            outcome = Outcome.CANCELLED;
            throw e;
        } finally {
            ctx.callEnded(clientId);
            counters.callEnded();
            metrics.record(target.service(), target.metricName(), outcome, System.nanoTime() - startNanos);
        }
    }

    /**
     * Starts the call without blocking the calling thread, the event loop that read the request.
     * Returns {@code false}, having changed nothing, when the call cannot start without waiting (a
     * service to wake, a backend session to set up, no instance or no breaker permission at hand,
     * a request the loop does not carry): the caller then runs {@link #call} on a thread that may
     * block. When it returns {@code true} the call is under way on {@code loop}: a plain JSON answer
     * completes {@code sink} there; anything else (a stream, a failure, a replay) is carried on by
     * a virtual thread through the same path as {@link #call}. {@code end} is told once either way.
     */
    public boolean start(CallContext ctx, Envelope request, Routable target, ReplySink sink,
                         io.netty.channel.EventLoop loop, CallEnd end) {
        return false;
    }
}
