package io.mcpfleet.router.mcp;

import io.mcpfleet.router.activation.SessionUse;
import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.Routable;
import io.mcpfleet.router.catalog.Unlisted;
import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.modern.LegacyInputs;
import io.mcpfleet.router.json.Splice;
import io.mcpfleet.router.metrics.Outcome;
import io.mcpfleet.router.metrics.RouterMetrics;
import io.mcpfleet.router.routing.CallEnd;
import io.mcpfleet.router.routing.CallHandle;
import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.routing.ReplySink;
import io.mcpfleet.router.routing.CallRouter;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Handles one JSON-RPC message of an initialised session: requests are answered by the router
 * or routed ({@code tools/call}, and the prompt, resource and completion requests of
 * {@link PrimitiveTargets}); notifications and responses from the client are forwarded where
 * they belong.
 */
@Component
class MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(MessageHandler.class);

    private final RouterMethods methods;
    private final PrimitiveTargets primitives;
    private final CallRouter router;
    private final Catalog catalog;
    private final UpstreamClient upstream;
    private final RouterMetrics metrics;
    private final Clock clock;
    private final LegacyInputs inputs;

    MessageHandler(RouterMethods methods, PrimitiveTargets primitives, CallRouter router, Catalog catalog,
                   UpstreamClient upstream, RouterMetrics metrics, Clock clock, EnvelopeScanner scanner,
                   RouterProperties properties) {
        this.inputs = new LegacyInputs(scanner, properties.inputs().timeout());
        this.methods = methods;
        this.primitives = primitives;
        this.router = router;
        this.catalog = catalog;
        this.upstream = upstream;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Answers a request on {@code reply}. Never throws for a failure of the call itself. */
    void request(ClientSession session, Envelope request, ReplySink reply) {
        if (request.method().equals("ping")) {
            // A keep-alive is not use: it must not keep the session's services awake.
            answer(session, request, reply);
            return;
        }
        SessionUse use = session.use();
        use.began(clock.millis());
        try {
            answer(session, request, reply);
        } finally {
            use.ended(clock.millis());
        }
    }

    /**
     * Answers a request read by an event loop without blocking it: a routed request is started on
     * {@code loop} ({@link CallRouter#start}) and carried on by a virtual thread of
     * {@code blocking} when it cannot start there; anything else runs {@link #request} on such a
     * thread. The session's use is counted as {@link #request} counts it; {@code finished} runs
     * once the request is answered, on whichever thread answered it.
     */
    void requestOnLoop(ClientSession session, Envelope request, ReplySink reply, EventLoop loop,
                       Executor blocking, Runnable finished) {
        String method = request.method();
        boolean tool = method.equals("tools/call");
        if (!tool && !PrimitiveTargets.METHODS.contains(method)) {
            blocking.execute(() -> {
                try {
                    request(session, request, reply);
                } catch (ClientGoneException e) {
                    log.debug("client went away during {}", method);
                } finally {
                    finished.run();
                }
            });
            return;
        }
        SessionUse use = session.use();
        use.began(clock.millis());
        Runnable ended = () -> {
            use.ended(clock.millis());
            finished.run();
        };
        Envelope routed = request;
        Routable target;
        if (tool) {
            target = toolTarget(request, reply);
        } else {
            PrimitiveTargets.Resolved resolved = primitiveTarget(request, reply);
            target = resolved == null ? null : resolved.target();
            routed = resolved == null ? request : resolved.request();
        }
        if (target == null) {
            ended.run();
            return;
        }
        startOnLoop(session, routed, target, reply, loop, blocking, ended);
    }

    private void startOnLoop(ClientSession session, Envelope request, Routable target, ReplySink reply, EventLoop loop,
                             Executor blocking, Runnable ended) {
        boolean legacy = !session.forOneRequestOnly();
        ReplySink first = legacy ? inputs.firstRound(reply) : reply;
        CallEnd end = failure -> {
            if (failure != null) {
                failed(request, target, reply, failure);
            } else if (legacy && inputs.asked(first)) {
                // A modern server asked the 2025 client for input: the rounds block, so not on the loop.
                blocking.execute(() -> {
                    try {
                        inputs.resume(session, session.initParams().capabilities(), session::localRequest, request,
                                reply, first, (ctx, message, sink) -> router.call(ctx, message, target, sink));
                    } catch (RuntimeException e) {
                        failed(request, target, reply, e);
                    } finally {
                        ended.run();
                    }
                });
                return;
            }
            ended.run();
        };
        boolean started;
        try {
            started = router.start(session, request, target, first, loop, end);
        } catch (RuntimeException e) {
            failed(request, target, reply, e);
            ended.run();
            return;
        }
        if (!started) {
            blocking.execute(() -> {
                try {
                    route(session, request, target, reply);
                } finally {
                    ended.run();
                }
            });
        }
    }

    private void answer(ClientSession session, Envelope request, ReplySink reply) {
        if (request.method().equals("tools/call")) {
            toolCall(session, request, reply);
            return;
        }
        if (PrimitiveTargets.METHODS.contains(request.method())) {
            primitiveCall(session, request, reply);
            return;
        }
        byte[] answer = request.method().equals("initialize")
                ? Failures.error(request.idText(), Failures.INVALID_REQUEST,
                "the session is already initialised; send initialize without Mcp-Session-Id to start a new one")
                : methods.answer(session, request);
        if (answer == null) {
            answer = Failures.error(request.idText(), Failures.METHOD_NOT_FOUND, "method not found: "
                    + request.method());
        }
        reply.complete(answer);
    }

    private void toolCall(ClientSession session, Envelope request, ReplySink reply) {
        Routable tool = toolTarget(request, reply);
        if (tool != null) {
            route(session, request, tool, reply);
        }
    }

    /** What a {@code tools/call} addresses, or {@code null} after answering the client's error. */
    private Routable toolTarget(Envelope request, ReplySink reply) {
        if (request.name() == null) {
            reply.complete(Failures.error(request.idText(), Failures.INVALID_PARAMS,
                    "tools/call needs params.name (a string)"));
            return null;
        }
        if (request.oddArguments()) {
            // Refused here rather than relayed: a backend may answer such a call with HTTP 500, which
            // would count against its breaker, so a few bad calls of one client would open it for all.
            reply.complete(Failures.error(request.idText(), Failures.INVALID_PARAMS,
                    "tools/call params.arguments must be an object (the tool's arguments by name)"));
            return null;
        }
        Routable tool = catalog.snapshot().find(request.name());
        String sole = tool == null ? catalog.soleService() : null;
        if (sole != null) {
            tool = new Unlisted(sole, request.name(), "tool", "unlisted");
        }
        if (tool == null) {
            String name = ClientText.safe(request.name());
            fail(request, reply, new RouteFailure(Reason.UNKNOWN_TOOL, null, name, "unknown tool: " + name
                    + " (tools/list names the tools of every service)"));
            return null;
        }
        return tool;
    }

    private void primitiveCall(ClientSession session, Envelope request, ReplySink reply) {
        PrimitiveTargets.Resolved resolved = primitiveTarget(request, reply);
        if (resolved != null) {
            route(session, resolved.request(), resolved.target(), reply);
        }
    }

    /** What a prompt, resource or completion request addresses, or {@code null} after answering the client's error. */
    private PrimitiveTargets.Resolved primitiveTarget(Envelope request, ReplySink reply) {
        try {
            return primitives.resolve(request);
        } catch (IllegalArgumentException e) {
            reply.complete(Failures.error(request.idText(), Failures.INVALID_PARAMS, e.getMessage()));
        } catch (RouteFailure f) {
            fail(request, reply, f);
        }
        return null;
    }

    private void fail(Envelope request, ReplySink reply, RouteFailure f) {
        metrics.record(RouterMetrics.UNKNOWN, RouterMetrics.UNKNOWN, Outcome.of(f.reason()), 0);
        log.info("{} failed: {} ({})", request.method(), f.getMessage(), f.reason().wireName());
        reply.complete(Failures.toResponse(request.idText(), f));
    }

    /** Routes a request to what it addresses; every failure becomes the client's JSON-RPC error. */
    private void route(ClientSession session, Envelope request, Routable target, ReplySink reply) {
        // The client's text is made safe to log and echo on the failure paths only: a call that
        // goes through needs none of it.
        try {
            if (session.forOneRequestOnly()) {
                router.call(session, request, target, reply);
            } else {
                // A 2025 client knows no input_required: a modern server's rounds are asked of it here.
                inputs.call(session, session.initParams().capabilities(), session::localRequest, request, reply,
                        (ctx, message, sink) -> router.call(ctx, message, target, sink));
            }
        } catch (RuntimeException e) {
            failed(request, target, reply, e);
        }
    }

    /** A routed request's failure (what {@link CallRouter#call} throws, or {@link CallEnd} is told) as the client's answer. */
    private void failed(Envelope request, Routable target, ReplySink reply, RuntimeException e) {
        if (e instanceof RouteFailure f) {
            log.info("{} of {} failed: {} ({})", request.method(), ClientText.safe(target.exposedName()),
                    f.getMessage(), f.reason().wireName());
            reply.complete(Failures.toResponse(request.idText(), f));
        } else if (e instanceof ClientGoneException) {
            log.debug("client went away during {} of {}", request.method(), target.exposedName());
        } else {
            String name = ClientText.safe(target.exposedName());
            log.error("internal error routing {} of {} (service {})", request.method(), name, target.service(), e);
            reply.complete(Failures.toResponse(request.idText(), new RouteFailure(Reason.INTERNAL,
                    target.service(), target.nameAtService(), "internal error in the router while routing "
                    + request.method() + " of " + name + "; see the router log")));
        }
    }

    /** Handles a notification from the client. */
    void notification(ClientSession session, Envelope note) {
        switch (note.method()) {
            case "notifications/cancelled" -> {
                String requestId = note.requestIdText();
                CallHandle call = requestId == null ? null : session.call(requestId);
                if (call != null) {
                    call.cancel(null);
                }
            }
            case "notifications/roots/list_changed" -> session.bindings().forEachSession(
                    backend -> upstream.postLater(backend, note.bytes(), Duration.ofSeconds(5)));
            default -> {
                // notifications/initialized and others need nothing from the router
            }
        }
    }

    /** Routes the client's answer to a server-to-client request back to the backend that asked. */
    void response(ClientSession session, Envelope response) {
        ClientSession.PendingRequest pending = session.answer(response.idText());
        if (pending == null) {
            log.debug("dropping a response to an unknown request id {}", response.idText());
            return;
        }
        if (pending.local() != null) {
            pending.local().complete(response.bytes());
            return;
        }
        byte[] forward = Splice.replace(response.bytes(), response.id(),
                pending.backendIdJson().getBytes(StandardCharsets.UTF_8));
        try {
            upstream.post(pending.session(), forward, Duration.ofSeconds(10));
        } catch (UpstreamException e) {
            log.info("cannot deliver a client's answer to {}: {}", pending.session(), e.getMessage());
        }
    }
}
