package io.mcpfleet.router.mcp;

import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.MalformedJsonException;
import io.mcpfleet.router.json.Span;
import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.security.McpSecurityFilter;
import io.mcpfleet.router.security.Refusal;
import io.mcpfleet.router.upstream.InitParams;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The MCP endpoint (Streamable HTTP): POST carries JSON-RPC, GET opens the session's
 * server-to-client stream, DELETE ends the session. Header and status rules of the specification
 * (2025-03-26 to 2025-11-25) are applied here; the messages themselves go to {@link MessageHandler}.
 * A 2026-07-28 POST (no session, a modern version) takes {@link ModernPost}'s path instead.
 * Bad input always gets a 4xx with a JSON-RPC error body, never a 5xx.
 */
final class McpServlet extends HttpServlet {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";

    private final transient SessionRegistry sessions;
    private final transient MessageHandler handler;
    private final transient RouterMethods methods;
    private final transient EnvelopeScanner scanner;
    private final transient ModernPost modern;
    private final transient PostRules rules;

    McpServlet(SessionRegistry sessions, MessageHandler handler, RouterMethods methods, EnvelopeScanner scanner,
               ModernPost modern, PostRules rules) {
        this.sessions = sessions;
        this.modern = modern;
        this.handler = handler;
        this.methods = methods;
        this.scanner = scanner;
        this.rules = rules;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int accepts = Accept.of(req.getHeader("Accept"));
        boolean json = (accepts & Accept.JSON) != 0;
        boolean sse = (accepts & Accept.SSE) != 0;
        Refusal refusal = PostRules.accept(accepts);
        if (refusal == null) {
            refusal = PostRules.contentType(req.getContentType());
        }
        if (refusal != null) {
            McpSecurityFilter.write(resp, refusal);
            return;
        }
        byte[] body = readBody(req, resp);
        if (body == null) {
            return;
        }
        try {
            if (EnvelopeScanner.isArray(body)) {
                batch(req, resp, body, json, sse);
                return;
            }
            Envelope message = scanner.scan(body);
            if (message.kind() == Envelope.Kind.INVALID) {
                McpSecurityFilter.write(resp, PostRules.invalid(message));
                return;
            }
            if (modern.claims(req, message)) {
                modern.post(req, resp, message, json, sse);
                return;
            }
            modern.countLegacy(message);
            if (message.isRequest() && message.method().equals("initialize")) {
                initialize(resp, message, json);
                return;
            }
            ClientSession session = session(req, resp, message.idText());
            if (session == null) {
                return;
            }
            session.enter(sessions.now());
            try {
                single(resp, session, message, json, sse);
            } finally {
                session.exit(sessions.now());
            }
        } catch (MalformedJsonException e) {
            McpSecurityFilter.write(resp, PostRules.parseError(e.getMessage()));
        } catch (ClientGoneException e) {
            // nothing left to answer
        }
    }

    private void single(HttpServletResponse resp, ClientSession session, Envelope message, boolean json, boolean sse) {
        switch (message.kind()) {
            case REQUEST -> handler.request(session, message, new HttpReply(resp, json, sse));
            case NOTIFICATION -> {
                handler.notification(session, message);
                resp.setStatus(202);
            }
            case RESPONSE -> {
                handler.response(session, message);
                resp.setStatus(202);
            }
            default -> throw new IllegalStateException("invalid messages are answered before");
        }
    }

    private void initialize(HttpServletResponse resp, Envelope message, boolean json) {
        InitParams init = methods.initParams(message);
        ClientSession session = sessions.create(init.protocolVersion(), init);
        resp.setHeader(SESSION_HEADER, session.id());
        new HttpReply(resp, json, true).complete(methods.initializeResult(message.idText(), init.protocolVersion()));
    }

    /** A JSON-RPC batch: allowed only in sessions that negotiated 2025-03-26. */
    private void batch(HttpServletRequest req, HttpServletResponse resp, byte[] body, boolean json, boolean sse)
            throws IOException {
        List<Span> elements = scanner.elements(body);
        ClientSession session = session(req, resp, null);
        if (session == null) {
            return;
        }
        if (!ProtocolVersions.allowsBatches(session.protocolVersion())) {
            error(resp, 400, null, Failures.INVALID_REQUEST, "JSON-RPC batches are not supported by protocol version "
                    + session.protocolVersion() + " (removed in 2025-06-18); send one message per POST");
            return;
        }
        if (elements.isEmpty()) {
            error(resp, 400, null, Failures.INVALID_REQUEST, "empty JSON-RPC batch");
            return;
        }
        session.enter(sessions.now());
        try {
            BatchReply reply = new BatchReply(resp, json, sse);
            for (Span span : elements) {
                Envelope message = scanner.scan(Arrays.copyOfRange(body, span.start(), span.end()));
                switch (message.kind()) {
                    case INVALID -> reply.element().complete(Failures.error(message.idText(), Failures.INVALID_REQUEST,
                            "invalid JSON-RPC: " + message.problem()));
                    case REQUEST -> {
                        if (message.method().equals("initialize")) {
                            reply.element().complete(Failures.error(message.idText(), Failures.INVALID_REQUEST,
                                    "initialize must not be part of a batch"));
                        } else {
                            handler.request(session, message, reply.element());
                        }
                    }
                    case NOTIFICATION -> handler.notification(session, message);
                    case RESPONSE -> handler.response(session, message);
                }
            }
            reply.finish();
        } finally {
            session.exit(sessions.now());
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!Accept.allows(req.getHeader("Accept"), "text/event-stream")) {
            error(resp, 406, null, Failures.INVALID_REQUEST, "GET needs Accept: text/event-stream");
            return;
        }
        ClientSession session = session(req, resp, null);
        if (session == null) {
            return;
        }
        ClientStream stream = ClientStream.open(req, resp, session::streamEnded);
        resp.getOutputStream().flush();
        session.stream(stream);
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ClientSession session = session(req, resp, null);
        if (session == null) {
            return;
        }
        sessions.end(session.id());
        resp.setStatus(204);
    }

    /** The request's session, or {@code null} after answering 400 (no header, bad version) or 404 (unknown). */
    private ClientSession session(HttpServletRequest req, HttpServletResponse resp, String idJson) throws IOException {
        PostRules.Lookup lookup = rules.session(req.getHeader(SESSION_HEADER), req.getHeader(VERSION_HEADER), idJson);
        if (lookup.refusal() != null) {
            McpSecurityFilter.write(resp, lookup.refusal());
        }
        return lookup.session();
    }

    private byte[] readBody(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long length = req.getContentLengthLong();
        long maxBody = rules.maxBody();
        if (length > maxBody) {
            McpSecurityFilter.write(resp, rules.bodySize(length));
            return null;
        }
        try (InputStream in = req.getInputStream()) {
            if (length >= 0) {
                // The usual case: one array of the right size (reading "up to the limit" would
                // allocate and copy several buffers per call).
                byte[] body = new byte[(int) length];
                int n = in.readNBytes(body, 0, body.length);
                return n == body.length ? body : Arrays.copyOf(body, n);
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (body.length > maxBody) {
                McpSecurityFilter.write(resp, rules.bodySize(body.length));
                return null;
            }
            return body;
        }
    }

    static void error(HttpServletResponse resp, int status, String idJson, int code, String message)
            throws IOException {
        McpSecurityFilter.write(resp, Refusal.of(status, idJson, code, message));
    }
}
