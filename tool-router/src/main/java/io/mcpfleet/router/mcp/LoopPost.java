package io.mcpfleet.router.mcp;

import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.MalformedJsonException;
import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.routing.ReplySink;
import io.mcpfleet.router.security.McpGuard;
import io.mcpfleet.router.security.Refusal;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP endpoint's POST on the front end's event loop (the fast lane): the guard's and the
 * endpoint's header and status rules ({@link McpGuard}, {@link PostRules}, shared with the servlet
 * path), then one message of an initialised 2025 session through {@link MessageHandler}. What this
 * path does not carry (initialize, batches, 2026-07-28 requests) it hands back to the caller, which
 * relays it to the servlet path unchanged. Never blocks the calling loop.
 */
public final class LoopPost {

    private static final Logger log = LoggerFactory.getLogger(LoopPost.class);

    /** The request and its answer, as the front end holds them. */
    public interface Exchange {

        /** The first value of a request header, or {@code null}. */
        String header(String name);

        /** Every value of a request header. */
        List<String> headers(String name);

        /** Answers the refusal. */
        void refuse(Refusal refusal);

        /** Answers 202 without a body (a notification or response taken). */
        void accepted();

        /** The reply of a request (JSON body or SSE stream, as {@link HttpReply}). */
        ReplySink reply(boolean acceptsJson, boolean acceptsSse);

        /** Not the fast lane's: the servlet path answers it, with its whole {@code body}. */
        void relay(byte[] body);

        /** Called once the answer is complete (after {@link #reply}'s last write), on any thread. */
        void finished();
    }

    private final McpGuard guard;
    private final PostRules rules;
    private final EnvelopeScanner scanner;
    private final ModernPost modern;
    private final MessageHandler handler;
    private final SessionRegistry sessions;
    private final Executor blocking;

    LoopPost(McpGuard guard, PostRules rules, EnvelopeScanner scanner, ModernPost modern, MessageHandler handler,
             SessionRegistry sessions) {
        this.guard = guard;
        this.rules = rules;
        this.scanner = scanner;
        this.modern = modern;
        this.handler = handler;
        this.sessions = sessions;
        this.blocking = task -> Thread.ofVirtual().name("mcp-call").start(task);
    }

    /** 413 for a body of {@code length} bytes when it is too long ({@code null} otherwise). */
    public Refusal bodySize(long length) {
        return rules.bodySize(length);
    }

    /** Checks the request's head before its body is read: {@code null} when it may go on. */
    public Refusal head(Exchange ex) {
        Refusal refusal = guard.check(ex.header("Host"), ex.header("Origin"), ex.headers("Authorization"));
        if (refusal == null) {
            refusal = PostRules.accept(Accept.of(ex.header("Accept")));
        }
        if (refusal == null) {
            refusal = PostRules.contentType(ex.header("Content-Type"));
        }
        return refusal;
    }

    /** Handles a POST whose head passed {@link #head} and whose whole body is {@code body}. */
    public void post(Exchange ex, byte[] body, EventLoop loop) {
        int accepts = Accept.of(ex.header("Accept"));
        boolean json = (accepts & Accept.JSON) != 0;
        boolean sse = (accepts & Accept.SSE) != 0;
        Envelope message;
        try {
            if (EnvelopeScanner.isArray(body)) {
                ex.relay(body);
                return;
            }
            message = scanner.scan(body);
        } catch (MalformedJsonException e) {
            ex.refuse(PostRules.parseError(e.getMessage()));
            return;
        }
        if (message.kind() == Envelope.Kind.INVALID) {
            ex.refuse(PostRules.invalid(message));
            return;
        }
        UnaryOperator<String> headers = ex::header;
        if (modern.claims(headers, message) || (message.isRequest() && message.method().equals("initialize"))) {
            ex.relay(body);
            return;
        }
        modern.countLegacy(message);
        PostRules.Lookup lookup = rules.session(ex.header(McpServlet.SESSION_HEADER),
                ex.header(McpServlet.VERSION_HEADER), message.idText());
        if (lookup.refusal() != null) {
            ex.refuse(lookup.refusal());
            return;
        }
        ClientSession session = lookup.session();
        session.enter(sessions.now());
        Runnable finished = () -> {
            session.exit(sessions.now());
            ex.finished();
        };
        switch (message.kind()) {
            case REQUEST -> handler.requestOnLoop(session, message, ex.reply(json, sse), loop, blocking, finished);
            case NOTIFICATION, RESPONSE -> blocking.execute(() -> {
                try {
                    if (message.kind() == Envelope.Kind.NOTIFICATION) {
                        handler.notification(session, message);
                    } else {
                        handler.response(session, message);
                    }
                    ex.accepted();
                } catch (ClientGoneException e) {
                    log.debug("client went away before its {} was taken", message.kind());
                } finally {
                    finished.run();
                }
            });
            default -> throw new IllegalStateException("invalid messages are answered before");
        }
    }
}
