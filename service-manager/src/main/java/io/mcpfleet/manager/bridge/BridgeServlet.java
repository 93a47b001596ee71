package io.mcpfleet.manager.bridge;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side of the bridge: every attached stdio process as a Streamable HTTP MCP endpoint,
 * {@code POST|GET|DELETE /bridge/<service>/<container id>/mcp}, with {@code Mcp-Session-Id} sessions
 * and JSON or SSE answers per the client's {@code Accept}; MCP 2026-07-28 requests (no session)
 * through {@link ModernPosts} when the stdio server speaks that revision. What a client sends goes to
 * {@link BridgedProcess}; what comes back is written by {@link HttpExchange}.
 *
 * <p>Errors are answers: an unknown instance or session is 404 (the router opens a new session on
 * another instance), a missing session 400, bad JSON 400 with a JSON-RPC parse error, a body over
 * the service's {@code stdio.max_message_size} 413; never a 500.
 */
public final class BridgeServlet extends HttpServlet {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    /** How long a session's initialize may wait for the server's own (only an instance not yet healthy makes it wait). */
    static final Duration INITIALIZE_WAIT = Duration.ofSeconds(30);
    /** Past the call timeout, the bridge stops waiting for an answer nobody reads any more. */
    private static final Duration CALL_TIMEOUT_MARGIN = Duration.ofSeconds(30);

    private final transient StdioBridge bridge;
    private final transient Executor writers;
    private final transient ModernPosts modern;

    public BridgeServlet(StdioBridge bridge, Executor writers) {
        this.bridge = bridge;
        this.writers = writers;
        this.modern = new ModernPosts(writers);
    }

    /** The process addressed by {@code /<service>/<container id>/mcp}, or empty (the answer was written). */
    private Optional<BridgedProcess> process(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.split("/");
        if (parts.length != 4 || !parts[0].isEmpty() || !parts[3].equals("mcp")) {
            reject(response, 404, Messages.INVALID_REQUEST, "no bridge endpoint at " + request.getRequestURI()
                    + ": stdio instances are served at /bridge/<service>/<container id>/mcp");
            return Optional.empty();
        }
        Optional<BridgedProcess> process = bridge.process(parts[1], parts[2]);
        if (process.isEmpty() || process.get().ended()) {
            reject(response, 404, Messages.INVALID_REQUEST, "service " + parts[1] + " has no running stdio instance "
                    + StderrLog.shortId(parts[2]) + " (it stopped or was replaced)");
            return Optional.empty();
        }
        return process;
    }

    /** The request's session, or empty (400 without the header, 404 for one this process does not know). */
    private static Optional<BridgeSession> session(BridgedProcess process, HttpServletRequest request,
                                                   HttpServletResponse response) throws IOException {
        String id = request.getHeader(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            reject(response, 400, Messages.INVALID_REQUEST, "the " + SESSION_HEADER + " header is required; "
                    + "initialize first");
            return Optional.empty();
        }
        Optional<BridgeSession> session = process.session(id.trim());
        if (session.isEmpty()) {
            reject(response, 404, Messages.INVALID_REQUEST, "session not found (it ended, expired, or the server"
                    + " process was restarted): initialize a new one");
        }
        return session;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<BridgedProcess> found = process(request, response);
        if (found.isEmpty()) {
            return;
        }
        BridgedProcess process = found.get();
        String contentType = request.getContentType();
        if (contentType != null && !contentType.toLowerCase().contains("json")) {
            reject(response, 415, Messages.INVALID_REQUEST, "the body must be application/json, not " + contentType);
            return;
        }
        Accept accept = Accept.of(request.getHeader("Accept"));
        if (!accept.json() && !accept.sse()) {
            reject(response, 406, Messages.INVALID_REQUEST, "Accept must allow application/json or text/event-stream");
            return;
        }
        long max = process.limits().maxMessageBytes();
        byte[] body = body(request, max);
        if (body == null) {
            response.setHeader("Connection", "close");
            reject(response, 413, Messages.INVALID_REQUEST, "the message is larger than the " + max
                    + " bytes of the service's stdio.max_message_size");
            return;
        }
        if (Messages.firstByte(body) == '[') {
            reject(response, 400, Messages.INVALID_REQUEST, "JSON-RPC batches are not supported: send one message per POST");
            return;
        }
        ObjectNode message = Messages.parse(body, 0, body.length);
        if (message == null) {
            reject(response, 400, Messages.PARSE_ERROR, "the body is not a JSON object");
            return;
        }
        Messages.Kind kind = Messages.kind(message);
        if (kind == Messages.Kind.INVALID) {
            reject(response, 400, Messages.INVALID_REQUEST, "not a JSON-RPC 2.0 request, notification or response");
            return;
        }
        if (request.getHeader(SESSION_HEADER) == null && ModernPosts.claims(request, message)) {
            modern.post(process, message, kind, request, response, accept,
                    bridge.callTimeout(process.service()).plus(CALL_TIMEOUT_MARGIN));
            return;
        }
        if (kind == Messages.Kind.REQUEST && Messages.method(message).equals("initialize")
                && request.getHeader(SESSION_HEADER) == null) {
            initialize(process, message, request, response, accept);
            return;
        }
        Optional<BridgeSession> session = session(process, request, response);
        if (session.isEmpty()) {
            return;
        }
        switch (kind) {
            case REQUEST -> call(process, session.get(), message, request, response, accept);
            case NOTIFICATION -> {
                process.notification(session.get(), message);
                response.setStatus(HttpServletResponse.SC_ACCEPTED);
            }
            default -> {
                process.response(session.get(), message);
                response.setStatus(HttpServletResponse.SC_ACCEPTED);
            }
        }
    }

    /**
     * The request's body, or {@code null} when it is longer than {@code max}. A declared length is read
     * into an array of that size; a chunked body into one that grows. (The former
     * {@code readNBytes(max + 1)} allocated 16 KiB and a copy per call: most of the bridge's garbage.)
     */
    private static byte[] body(HttpServletRequest request, long max) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > max) {
            return null;
        }
        InputStream in = request.getInputStream();
        if (declared >= 0) {
            byte[] body = new byte[(int) declared];
            int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : Arrays.copyOf(body, read);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            if (body.size() + n > max) {
                return null;
            }
            body.write(chunk, 0, n);
        }
        return body.toByteArray();
    }

    private void initialize(BridgedProcess process, ObjectNode message, HttpServletRequest request,
                            HttpServletResponse response, Accept accept) {
        JsonNode clientId = message.get("id");
        AsyncContext async = request.startAsync();
        async.setTimeout(INITIALIZE_WAIT.plusSeconds(5).toMillis());
        HttpExchange exchange = new HttpExchange(async, response, accept.json(), accept.sse(), false,
                process.limits().maxBufferedBytes(), writers);
        process.initialize().copy().orTimeout(INITIALIZE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, error) -> {
                    if (error != null) {
                        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                        exchange.deliver(Messages.error(clientId, Messages.STREAM_CLOSED, "service "
                                + process.service() + ": the stdio server is not initialized: " + cause(error),
                                "stream_closed", true, process.service()), true);
                        return;
                    }
                    BridgeSession session = process.openSession();
                    response.setHeader(SESSION_HEADER, session.id);
                    exchange.deliver(Messages.response(clientId, result), true);
                });
    }

    private void call(BridgedProcess process, BridgeSession session, ObjectNode message, HttpServletRequest request,
                      HttpServletResponse response, Accept accept) {
        JsonNode clientId = message.get("id");
        AsyncContext async = request.startAsync();
        async.setTimeout(bridge.callTimeout(process.service()).plus(CALL_TIMEOUT_MARGIN).toMillis());
        HttpExchange exchange = new HttpExchange(async, response, accept.json(), accept.sse(), false,
                process.limits().maxBufferedBytes(), writers);
        exchange.onGone(() -> process.callerGone(session, clientId));
        process.request(session, message, exchange);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<BridgedProcess> found = process(request, response);
        if (found.isEmpty()) {
            return;
        }
        if (!Accept.of(request.getHeader("Accept")).sse()) {
            reject(response, 406, Messages.INVALID_REQUEST, "a GET opens the session's event stream: Accept must allow"
                    + " text/event-stream");
            return;
        }
        Optional<BridgeSession> session = session(found.get(), request, response);
        if (session.isEmpty()) {
            return;
        }
        BridgedProcess process = found.get();
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        HttpExchange stream = new HttpExchange(async, response, false, true, true,
                process.limits().maxBufferedBytes(), writers);
        stream.onGone(() -> process.streamEnded(session.get(), stream));
        process.openStream(session.get(), stream);
        stream.openStream();
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<BridgedProcess> found = process(request, response);
        if (found.isEmpty()) {
            return;
        }
        Optional<BridgeSession> session = session(found.get(), request, response);
        if (session.isPresent()) {
            found.get().closeSession(session.get(), "the client ended the session");
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
    }

    private static String cause(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return cause instanceof java.util.concurrent.TimeoutException
                ? "it has not answered initialize within " + INITIALIZE_WAIT.toSeconds() + " s" : cause.getMessage();
    }

    private static void reject(HttpServletResponse response, int status, int code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(Messages.bytes(Messages.error(null, code, message, null, false, null)));
    }

    /** What a client's {@code Accept} allows; none given allows both. */
    record Accept(boolean json, boolean sse) {
        static Accept of(String header) {
            if (header == null || header.isBlank()) {
                return new Accept(true, true);
            }
            String h = header.toLowerCase();
            boolean any = h.contains("*/*");
            return new Accept(any || h.contains("application/json") || h.contains("application/*"),
                    any || h.contains("text/event-stream") || h.contains("text/*"));
        }
    }
}
