package io.mcpfleet.manager.bridge;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bridge's HTTP side for MCP 2026-07-28 requests (no session; the version in
 * {@code MCP-Protocol-Version} and {@code params._meta}): passed through to a stdio server that
 * speaks that revision ({@link BridgedProcess#modern()}), each as a call of its own; refused with
 * {@code -32022} (HTTP 400) by one that does not, which is what a client's era probe reads as a
 * 2025 server. {@code Mcp-Method} must equal the body's method ({@code -32020}, HTTP 400).
 */
final class ModernPosts {

    static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final int HEADER_MISMATCH = -32020;
    static final int UNSUPPORTED_VERSION = -32022;

    private final Executor writers;

    ModernPosts(Executor writers) {
        this.writers = writers;
    }

    /** Whether a POST without a session is a 2026-07-28 one: its header or its {@code _meta} names the revision. */
    static boolean claims(HttpServletRequest request, ObjectNode message) {
        String header = request.getHeader("MCP-Protocol-Version");
        return BridgedProcess.MODERN_VERSION.equals(header == null ? null : header.trim())
                || message.path("params").path("_meta").path(META_VERSION).isString();
    }

    void post(BridgedProcess process, ObjectNode message, Messages.Kind kind, HttpServletRequest request,
              HttpServletResponse response, BridgeServlet.Accept accept, Duration callTimeout) throws IOException {
        if (kind != Messages.Kind.REQUEST) {
            // 2026-07-28 has no client notification or response a server needs over HTTP (closing a stream cancels).
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        JsonNode id = message.get("id");
        String method = Messages.method(message);
        String header = request.getHeader("Mcp-Method");
        if (header == null || !header.trim().equals(method)) {
            refuse(response, 400, Messages.error(id, HEADER_MISMATCH, "Header mismatch: Mcp-Method "
                    + (header == null ? "is required" : "'" + header.trim() + "' is not the body's method")
                    + " (the body's method is '" + method + "')", null, false, null));
            return;
        }
        String version = request.getHeader("MCP-Protocol-Version");
        JsonNode bodyVersion = message.path("params").path("_meta").path(META_VERSION);
        if (version == null || !bodyVersion.isString() || !version.trim().equals(bodyVersion.asString())) {
            refuse(response, 400, Messages.error(id, HEADER_MISMATCH, "Header mismatch: MCP-Protocol-Version "
                    + "and params._meta." + META_VERSION + " must both be given and agree", null, false, null));
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(callTimeout.toMillis());
        HttpExchange exchange = new HttpExchange(async, response, accept.json(), accept.sse(), false,
                process.limits().maxBufferedBytes(), writers);
        process.modern().copy().orTimeout(BridgeServlet.INITIALIZE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((modern, error) -> {
                    if (error != null) {
                        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                        exchange.deliver(Messages.error(id, Messages.STREAM_CLOSED, "service " + process.service()
                                + ": the stdio server's era is not known: " + error.getMessage(), "stream_closed",
                                true, process.service()), true);
                    } else if (!modern) {
                        response.setStatus(400);
                        exchange.deliver(unsupported(id, version.trim()), true);
                    } else {
                        BridgeSession oneRequest = process.oneRequestSession();
                        exchange.onGone(() -> process.callerGone(oneRequest, id));
                        process.modernRequest(oneRequest, message, exchange);
                    }
                });
    }

    private static ObjectNode unsupported(JsonNode id, String requested) {
        ObjectNode answer = Messages.error(id, UNSUPPORTED_VERSION, "Unsupported protocol version: " + requested
                + "; this stdio server speaks " + BridgedProcess.PROTOCOL_VERSION + " (initialize a session)", null,
                false, null);
        ObjectNode data = ((ObjectNode) answer.get("error")).putObject("data");
        data.putArray("supported").add(BridgedProcess.PROTOCOL_VERSION);
        data.put("requested", requested);
        return answer;
    }

    private static void refuse(HttpServletResponse response, int status, ObjectNode error) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(Messages.bytes(error));
    }
}
