package io.mcpfleet.router.routing;

import io.mcpfleet.config.SessionMode;
import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.catalog.Routable;
import io.mcpfleet.router.discovery.RoutingSettings;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.Splice;
import io.mcpfleet.router.metrics.Outcome;
import io.mcpfleet.router.resilience.ReplayPolicy;
import io.mcpfleet.router.upstream.UpstreamException;
import io.mcpfleet.router.upstream.UpstreamExchange;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one call: each goes where {@link TargetFinder} says, is relayed by
 * {@link CallRelay}, and is accounted to the instance's load and breaker. A failed attempt is
 * replayed on another instance only when that is safe ({@link ReplayPolicy}), time is left and
 * attempts remain; a backend that forgot its session gets one new session and the same attempt
 * again, whatever the call (nothing ran).
 */
final class Attempts {

    private static final Logger log = LoggerFactory.getLogger(Attempts.class);

    private final TargetFinder finder;
    private final BackendSessions sessions;
    private final CallRelay relay;
    private final ActivityTracker tracker;
    private final AtomicLong backendIds = new AtomicLong();

    Attempts(TargetFinder finder, BackendSessions sessions, CallRelay relay, ActivityTracker tracker) {
        this.finder = finder;
        this.sessions = sessions;
        this.relay = relay;
        this.tracker = tracker;
    }

    /**
     * Runs attempts until one answers.
     *
     * @return how the call ended
     * @throws RouteFailure when no attempt could answer (the last failure)
     */
    Outcome run(Call call) {
        return run(call, null, null);
    }

    /**
     * Runs attempts until one answers, carrying on with {@code first} when an attempt is under way
     * already: begun by {@link CallRouter#start} on an event loop, whose exchange {@code inFlight}
     * another thread now reads.
     *
     * @throws RouteFailure when no attempt could answer (the last failure)
     */
    Outcome run(Call call, Attempt first, UpstreamExchange inFlight) {
        int maxAttempts = call.route.settings().maxAttempts();
        Attempt attempt = first;
        UpstreamExchange exchange = inFlight;
        while (attempt != null || call.attempts < maxAttempts) {
            if (attempt == null) {
                attempt = begin(call, finder.find(call));
                if (attempt == null) {
                    continue;
                }
            }
            try {
                Outcome outcome = exchange == null ? relay.run(call, attempt) : relay.relay(call, attempt, exchange);
                succeeded(attempt);
                return outcome;
            } catch (RuntimeException e) {
                failed(call, attempt, e);
            } finally {
                ended(attempt);
            }
            attempt = null;
            exchange = null;
        }
        throw call.last;
    }

    /**
     * Begins an attempt on {@code target} (its breaker permission held): counted against the call's
     * attempts and on the instance's load, with the request rewritten for it. Returns {@code null},
     * holding nothing, when the instance began to drain meanwhile (the call goes elsewhere).
     */
    Attempt begin(Call call, Target target) {
        boolean stateful = call.route.settings().sessions() == SessionMode.STATEFUL;
        call.attempts++;
        String backendId = stateful ? call.clientId : Long.toString(backendIds.incrementAndGet());
        byte[] message = rewrite(call.request, call.target, stateful ? null : backendId);
        Attempt attempt = new Attempt(target, backendId, message, System.nanoTime());
        target.backend().load.started();
        if (target.backend().removed()) {
            // It began to drain between the pick and now, and a report may already have told the
            // manager it is idle: send this call elsewhere (counted first, checked second, so
            // either that report shows the call or this check sees the drain).
            withdraw(call, attempt);
            return null;
        }
        return attempt;
    }

    /** Takes back an attempt that did not go out: as if it had not begun. */
    void withdraw(Call call, Attempt attempt) {
        ended(attempt);
        attempt.target().backend().breaker.releasePermission();
        call.attempts--;
    }

    /** The attempt answered: its latency to the instance's load and breaker. */
    void succeeded(Attempt attempt) {
        long took = System.nanoTime() - attempt.startNanos();
        Backend backend = attempt.target().backend();
        backend.load.record(took);
        backend.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
    }

    /**
     * The attempt failed: accounted to the instance's breaker and sessions. Returns when the call
     * may go on with another attempt (a replay, or the same one on a new backend session).
     *
     * @throws RouteFailure  when the call ends with this failure (the call's last)
     * @throws RuntimeException {@code error} itself when it is not the backend's (the client went away, a bug)
     */
    void failed(Call call, Attempt attempt, RuntimeException error) {
        Target target = attempt.target();
        Backend backend = target.backend();
        if (!(error instanceof UpstreamException e)) {
            backend.breaker.releasePermission();
            throw error;
        }
        RoutingSettings settings = call.route.settings();
        long took = System.nanoTime() - attempt.startNanos();
        if (e.kind() == UpstreamException.Kind.SESSION_GONE && !call.sessionRetried) {
            // The instance forgot the backend session before handling anything (it restarted,
            // e.g. woken from sleep in stop mode): open a new one and resend, whatever the
            // call (nothing ran).
            backend.breaker.releasePermission();
            sessions.forget(call.ctx, target, target.binding() == null ? "the instance no longer knows it"
                    : "the instance no longer knows it (it restarted, e.g. woken from sleep in stop mode); "
                    + "a new backend session starts and any state the server kept for this client is lost "
                    + "(a service that keeps state should sleep in pause mode)");
            call.sessionRetried = true;
            call.attempts--;
            return;
        }
        if (e.kind() == UpstreamException.Kind.REJECTED) {
            backend.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        } else {
            backend.breaker.onError(took, TimeUnit.NANOSECONDS, e);
        }
        if (e.kind() != UpstreamException.Kind.REJECTED && e.kind() != UpstreamException.Kind.GARBAGE) {
            sessions.forget(call.ctx, target, e.getMessage());
        }
        call.last = failure(call.target, e, settings);
        call.tried.add(backend.id());
        boolean timeLeft = call.deadlineNanos - System.nanoTime() > 0;
        if (!timeLeft || e.kind() == UpstreamException.Kind.REJECTED
                || !ReplayPolicy.mayReplay(settings.retry(), call.target, call.sink.streamed())) {
            throw call.last;
        }
        if (call.attempts < settings.maxAttempts()) {
            log.info("replaying call to {} on another instance: {}", call.target.exposedName(), e.getMessage());
        }
    }

    /** The attempt is over, however it went: off the instance's load. */
    void ended(Attempt attempt) {
        callEnded(attempt.target().backend());
    }

    private void callEnded(Backend backend) {
        backend.load.ended();
        if (backend.removed() && backend.load.inFlight() == 0) {
            // The last call on a draining instance ended: tell the manager now, not at the next report.
            tracker.reportSoon();
        }
    }

    /** The request as the backend must see it: the name at the service, and the mapped id if any. */
    private static byte[] rewrite(Envelope request, Routable target, String backendId) {
        byte[] bytes = request.bytes();
        // Only params.name is renamed here (tools, prompts); a request whose name is elsewhere (a
        // completion's reference) arrives already rewritten.
        boolean renamed = request.nameSpan() != null && !target.nameAtService().equals(target.exposedName());
        if (backendId == null) {
            return renamed ? Splice.replace(bytes, request.nameSpan(), Splice.quote(target.nameAtService())) : bytes;
        }
        return renamed ? Splice.replace(bytes, request.nameSpan(), Splice.quote(target.nameAtService()),
                request.id(), backendId) : Splice.replace(bytes, request.id(), backendId);
    }

    private static RouteFailure failure(Routable target, UpstreamException e, RoutingSettings settings) {
        Reason reason = switch (e.kind()) {
            case UNREACHABLE -> Reason.BACKEND_UNREACHABLE;
            case SERVER_ERROR, REJECTED, SESSION_GONE -> Reason.BACKEND_ERROR;
            case GARBAGE -> Reason.BACKEND_GARBAGE;
            case CLOSED -> Reason.STREAM_CLOSED;
            case TIMEOUT -> Reason.CALL_TIMEOUT;
        };
        String what = target.kind() + " " + target.exposedName();
        String message = reason == Reason.CALL_TIMEOUT
                ? what + " did not finish within " + settings.callTimeout().toMillis() + " ms (call timeout of service "
                + target.service() + ")"
                : what + " failed: " + e.getMessage();
        return new RouteFailure(reason, target.service(), target.nameAtService(), message, null, e);
    }
}
