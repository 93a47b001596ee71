package io.mcpfleet.router.mcp;

import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.security.Refusal;

/**
 * The header and status rules of the MCP endpoint's POST (Streamable HTTP, 2025-03-26 to
 * 2025-11-25), servlet-neutral: the servlet path and the front end's event-loop path both ask
 * these. Each rule answers {@code null} when the request passes it.
 */
final class PostRules {

    private final SessionRegistry sessions;
    private final long maxBody;

    PostRules(SessionRegistry sessions, long maxBody) {
        this.sessions = sessions;
        this.maxBody = maxBody;
    }

    long maxBody() {
        return maxBody;
    }

    /** 406 unless the client accepts JSON or SSE ({@link Accept} flags). */
    static Refusal accept(int accepts) {
        return (accepts & (Accept.JSON | Accept.SSE)) == 0 ? Refusal.of(406, null, Failures.INVALID_REQUEST,
                "Accept must include application/json and text/event-stream") : null;
    }

    /** 415 unless the body is JSON (no Content-Type is taken as JSON). */
    static Refusal contentType(String contentType) {
        return contentType != null && !contentType.regionMatches(true, 0, "application/json", 0, 16)
                ? Refusal.of(415, null, Failures.INVALID_REQUEST, "Content-Type must be application/json") : null;
    }

    /** 413 when the body is longer than the limit ({@code length} -1: not known yet). */
    Refusal bodySize(long length) {
        return length > maxBody ? Refusal.of(413, null, Failures.INVALID_REQUEST,
                "request body larger than " + maxBody + " bytes") : null;
    }

    static Refusal parseError(String problem) {
        return Refusal.of(400, null, Failures.PARSE_ERROR, "parse error: " + problem);
    }

    static Refusal invalid(Envelope message) {
        return Refusal.of(400, message.idText(), Failures.INVALID_REQUEST, "invalid JSON-RPC: " + message.problem());
    }

    /** A session, or why there is none to serve the request. */
    record Lookup(ClientSession session, Refusal refusal) {
    }

    /**
     * The request's session from its {@code Mcp-Session-Id} and {@code MCP-Protocol-Version}
     * headers: 400 without an id or with an unsupported version, 404 for an unknown session.
     */
    Lookup session(String id, String version, String idJson) {
        if (id == null || id.isBlank()) {
            return new Lookup(null, Refusal.of(400, idJson, Failures.INVALID_REQUEST,
                    "missing Mcp-Session-Id header: send initialize first and use the session id it returns "
                    + "(or send a 2026-07-28 request: MCP-Protocol-Version and _meta, no session)"));
        }
        if (version != null && !ProtocolVersions.supported(version)) {
            return new Lookup(null, Refusal.of(400, idJson, Failures.INVALID_REQUEST, "unsupported MCP-Protocol-Version "
                    + version + "; supported: " + ProtocolVersions.SUPPORTED));
        }
        ClientSession session = sessions.find(id);
        if (session == null) {
            return new Lookup(null, Refusal.of(404, idJson, Failures.INVALID_REQUEST,
                    "unknown or expired session; send initialize to start a new one"));
        }
        return new Lookup(session, null);
    }
}
