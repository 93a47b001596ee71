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
import io.mcpfleet.router.metrics.LoopStart;
import io.mcpfleet.router.metrics.Outcome;
import io.mcpfleet.router.metrics.RouterMetrics;
import io.mcpfleet.router.resilience.Breakers;
import io.mcpfleet.router.upstream.LoopExchange;
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
    private final TargetFinder finder;
    private final CallRelay relay;
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
        this.finder = new TargetFinder(routes, breakers, new InstancePicker(breakers), sessions, wake);
        this.relay = new CallRelay(upstream, scanner, relearn);
        this.attempts = new Attempts(finder, sessions, relay, tracker);
    }

    /**
     * Routes the call and writes its answer to {@code sink}.
     *
     * @param target what the request addresses (its owning service, its name there)
     * @throws RouteFailure when it could not be routed or completed; nothing was written for it
     *                      unless {@link ReplySink#streamed()} says so
     */
    public void call(CallContext ctx, Envelope request, Routable target, ReplySink sink) {
        Call call = frame(ctx, request, target, sink);
        opened(call);
        Outcome outcome = Outcome.INTERNAL;
        try {
            outcome = attempts.run(call);
        } catch (RuntimeException e) {
            outcome = outcomeOf(e);
            throw e;
        } finally {
            closed(call, outcome);
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
        if (!loop.inEventLoop()) {
            return declined();
        }
        Call call = frame(ctx, request, target, sink);
        Target first = finder.findAtOnce(call);
        if (first == null) {
            return declined();
        }
        Attempt attempt = attempts.begin(call, first);
        if (attempt == null) {
            return declined();
        }
        LoopExchange exchange = upstream.sendOnLoop(first.session(), attempt.message(), ctx.logLevel(), loop);
        if (exchange == null) {
            attempts.withdraw(call, attempt);
            return declined();
        }
        opened(call);
        call.handle.attach(first.session(), attempt.backendId(), exchange);
        exchange.start(call.deadlineNanos, new LoopCall(call, attempt, exchange, end));
        return true;
    }

    private boolean declined() {
        metrics.loopStart(LoopStart.DECLINED);
        return false;
    }

    /** The frame of a call about to start: its route, deadline, counters and handle (nothing counted yet). */
    private Call frame(CallContext ctx, Envelope request, Routable target, ReplySink sink) {
        long startNanos = System.nanoTime();
        ServiceRoutes.Route route = routes.route(target.service());
        long deadline = startNanos + route.settings().callTimeout().toNanos();
        return new Call(ctx, request, target, sink, route, startNanos, deadline, new CallHandle(upstream),
                tracker.of(target.service()));
    }

    /** The call is in flight: counted, and findable by {@code notifications/cancelled}. */
    private static void opened(Call call) {
        call.counters.callStarted();
        call.ctx.callStarted(call.clientId, call.handle);
    }

    /** The call ended: no longer in flight, and recorded. */
    private void closed(Call call, Outcome outcome) {
        call.ctx.callEnded(call.clientId);
        call.counters.callEnded();
        metrics.record(call.service(), call.target.metricName(), outcome, System.nanoTime() - call.startNanos);
    }

    private static Outcome outcomeOf(RuntimeException e) {
        if (e instanceof RouteFailure f) {
            return Outcome.of(f.reason());
        }
        return e instanceof ClientGoneException ? Outcome.CANCELLED : Outcome.INTERNAL;
    }

    /**
     * A call {@link #start} sent from an event loop: a JSON answer completes it there; anything else
     * hands it, with its exchange in flight, to a virtual thread that carries it on as {@link #call} would.
     */
    private final class LoopCall implements LoopExchange.Listener {
        private final Call call;
        private final Attempt attempt;
        private final LoopExchange exchange;
        private final CallEnd end;

        LoopCall(Call call, Attempt attempt, LoopExchange exchange, CallEnd end) {
            this.call = call;
            this.attempt = attempt;
            this.exchange = exchange;
            this.end = end;
        }

        @Override
        public boolean answered(byte[] json) {
            Envelope e;
            try {
                e = relay.scan(json, attempt.target());
            } catch (RuntimeException garbage) {
                return false; // the relay says what is wrong, on the virtual thread
            }
            if (!CallRelay.answers(e, attempt)) {
                return false;
            }
            Outcome outcome;
            RuntimeException failure = null;
            try {
                outcome = relay.answer(call, attempt, e, json);
                attempts.succeeded(attempt);
            } catch (RuntimeException error) {
                // The client went away (or a bug): as Attempts and call() account it.
                failure = error;
                try {
                    attempts.failed(call, attempt, error);
                } catch (RuntimeException thrown) {
                    failure = thrown;
                }
                outcome = outcomeOf(failure);
            } finally {
                attempts.ended(attempt);
            }
            closed(call, outcome);
            metrics.loopStart(LoopStart.ANSWERED);
            end.ended(failure);
            return true;
        }

        @Override
        public void diverted() {
            metrics.loopStart(LoopStart.HANDED_OVER);
            Thread.ofVirtual().name("router-call").start(this::carryOn);
        }

        private void carryOn() {
            Outcome outcome = Outcome.INTERNAL;
            RuntimeException failure = null;
            try {
                outcome = attempts.run(call, attempt, exchange);
            } catch (RuntimeException e) {
                failure = e;
                outcome = outcomeOf(e);
            } finally {
                closed(call, outcome);
            }
            end.ended(failure);
        }
    }
}
