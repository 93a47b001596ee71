package io.mcpfleet.router.routing;

import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.catalog.Routable;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.json.Envelope;
import java.util.ArrayList;
import java.util.List;

/**
 * One routed request while it is routed: what it is and addresses, where its answer goes, its
 * deadline, and what its attempts have learned so far (the instances tried, the last failure).
 * Used by one thread at a time: the request's own, or an event loop and then the virtual thread
 * it hands the call to ({@link CallRouter#start}).
 */
final class Call {

    final CallContext ctx;
    final Envelope request;
    final Routable target;
    final ReplySink sink;
    final ServiceRoutes.Route route;
    /** The client's request id as JSON text. */
    final String clientId;
    /** When the call began ({@link System#nanoTime()} scale). */
    final long startNanos;
    /** The call's deadline ({@link System#nanoTime()} scale). */
    final long deadlineNanos;
    final CallHandle handle;
    final ActivityTracker.Counters counters;
    /** Instances an attempt failed on: not picked again. */
    final List<String> tried = new ArrayList<>(2);
    /** Why the last attempt failed, or {@code null}. */
    RouteFailure last;
    /** Attempts counted against the service's {@code maxAttempts} so far. */
    int attempts;
    /** Whether a new backend session was opened already because an instance forgot the last one. */
    boolean sessionRetried;

    Call(CallContext ctx, Envelope request, Routable target, ReplySink sink, ServiceRoutes.Route route,
         long startNanos, long deadlineNanos, CallHandle handle, ActivityTracker.Counters counters) {
        this.ctx = ctx;
        this.request = request;
        this.target = target;
        this.sink = sink;
        this.route = route;
        this.clientId = request.idText();
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.handle = handle;
        this.counters = counters;
    }

    String service() {
        return target.service();
    }
}
