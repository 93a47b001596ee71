package io.mcpfleet.router.modern;

import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.upstream.HeaderValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chooses the era of a POST to {@code /mcp} and checks a modern one before anything acts on it.
 * The 2025 path keeps everything with {@code initialize}, a session id or a 2025 version header;
 * a 2026-07-28 (or unknown) {@code MCP-Protocol-Version}, or a protocol version in the body's
 * {@code _meta}, is the modern path. The checks follow the 2026-07-28 transport page: the
 * standard headers must be there and agree with the body (400, {@code -32020}), the per-request
 * fields must be there ({@code -32602}), an unknown version gets {@code -32022} listing both eras'
 * versions. Thread-safe.
 */
public final class ModernGate {

    public static final String VERSION = "2026-07-28";
    /** The modern revisions the router serves. */
    public static final List<String> VERSIONS = List.of(VERSION);

    static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";

    /**
     * The specification's log levels, least severe first: the same in every revision (2025's
     * {@code logging/setLevel}, 2026-07-28's {@code _meta} log level).
     */
    public static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");

    public static final int HEADER_MISMATCH = -32020;
    public static final int UNSUPPORTED_VERSION = -32022;

    /** Methods whose {@code Mcp-Name} header mirrors {@code params.name} or {@code params.uri}. */
    private static final Set<String> NAMED = Set.of("tools/call", "prompts/get", "resources/read");

    private final List<String> legacyVersions;
    private final List<String> supported;
    private final JsonMapper json;

    /** @param legacyVersions the 2025 revisions the router's 2025 path serves (listed in {@code -32022}) */
    public ModernGate(List<String> legacyVersions, JsonMapper json) {
        this.legacyVersions = List.copyOf(legacyVersions);
        List<String> all = new ArrayList<>(VERSIONS);
        all.addAll(legacyVersions);
        this.supported = List.copyOf(all);
        this.json = json;
    }

    /** Every revision the endpoint serves, newest first. */
    public List<String> supported() {
        return supported;
    }

    /**
     * Whether the POST belongs to the modern path. Only a request without a session, or with a
     * 2026-07-28 version header, can; the body is read only when no header decides.
     *
     * @param headers the request's header lookup (case-insensitive names)
     */
    public boolean claims(UnaryOperator<String> headers, Envelope message) {
        String version = headers.apply(Headers.VERSION);
        if (message.isRequest() && "initialize".equals(message.method())) {
            // A 2025 client's initialize carries no version header, or a 2025 one; at 2026-07-28 the
            // method does not exist (the modern path answers 404).
            return version != null && VERSIONS.contains(version.trim());
        }
        String session = headers.apply(Headers.SESSION);
        if (session != null && !session.isBlank()) {
            // A session is the 2025 path's, which judges its own headers; a modern version beside
            // it is refused on the modern path.
            return version != null && VERSIONS.contains(version.trim());
        }
        if (version != null) {
            return !legacyVersions.contains(version.trim());
        }
        return metaVersionPresent(message.bytes());
    }

    /**
     * Checks a modern request (or notification) and reads its per-request fields.
     *
     * @return the request's fields, or the refusal to send as it is
     */
    public Admission admit(UnaryOperator<String> headers, Envelope message) {
        String idJson = message.idText();
        if (message.kind() == Envelope.Kind.RESPONSE) {
            return refuse(400, idJson, Failures.INVALID_REQUEST,
                    "a 2026-07-28 client sends no JSON-RPC responses: server requests come as input_required results");
        }
        String session = headers.apply(Headers.SESSION);
        if (session != null && !session.isBlank()) {
            return refuse(400, idJson, Failures.INVALID_REQUEST, "MCP " + VERSION + " has no sessions: drop the "
                    + "Mcp-Session-Id header, or use the session at the 2025 version it was opened with");
        }
        JsonNode meta;
        JsonNode params;
        try {
            params = json.readTree(message.bytes()).path("params");
        } catch (JacksonException e) {
            return refuse(400, idJson, Failures.PARSE_ERROR, "parse error: " + e.getOriginalMessage());
        }
        meta = params.path("_meta");
        if (!meta.isMissingNode() && !meta.isObject()) {
            return refuse(400, idJson, Failures.INVALID_PARAMS, "params._meta must be an object");
        }
        JsonNode bodyVersion = meta.path(META_VERSION);
        String headerVersion = trimmed(headers.apply(Headers.VERSION));
        if (!bodyVersion.isString()) {
            return refuse(400, idJson, Failures.INVALID_PARAMS, "params._meta." + META_VERSION
                    + " (a string) is required on every request at " + VERSION + "; supported versions: " + supported);
        }
        String version = bodyVersion.asString();
        if (headerVersion == null) {
            return refuse(400, idJson, HEADER_MISMATCH, "Header mismatch: the MCP-Protocol-Version header is "
                    + "required (the body's _meta says " + quoted(version) + ")");
        }
        if (!headerVersion.equals(version)) {
            return refuse(400, idJson, HEADER_MISMATCH, "Header mismatch: MCP-Protocol-Version header value "
                    + quoted(headerVersion) + " does not match body value " + quoted(version));
        }
        if (!VERSIONS.contains(version)) {
            return unsupported(idJson, version);
        }
        if (message.kind() == Envelope.Kind.REQUEST) {
            Admission mismatch = headersMatch(headers, message, params, idJson);
            if (mismatch != null) {
                return mismatch;
            }
        }
        JsonNode capabilities = meta.path(META_CAPABILITIES);
        if (!capabilities.isObject()) {
            return refuse(400, idJson, Failures.INVALID_PARAMS, "params._meta." + META_CAPABILITIES
                    + " (an object) is required on every request at " + VERSION);
        }
        JsonNode clientInfo = meta.path(META_CLIENT_INFO);
        if (!clientInfo.isMissingNode() && !clientInfo.isObject()) {
            return refuse(400, idJson, Failures.INVALID_PARAMS, "params._meta." + META_CLIENT_INFO
                    + " must be an object (name, version)");
        }
        JsonNode level = meta.path(META_LOG_LEVEL);
        if (!level.isMissingNode() && !(level.isString() && LOG_LEVELS.contains(level.asString()))) {
            return refuse(400, idJson, Failures.INVALID_PARAMS, "params._meta." + META_LOG_LEVEL + " must be one of "
                    + LOG_LEVELS);
        }
        ObjectNode unknownClient = json.createObjectNode().put("name", "unknown-client").put("version", "0");
        return new Admission(new ModernRequest(version, json.writeValueAsString(capabilities),
                json.writeValueAsString(clientInfo.isObject() ? clientInfo : unknownClient),
                level.isString() ? level.asString() : null,
                params.path("requestState").isString() ? params.path("requestState").asString() : null), 0, null);
    }

    /**
     * The request without its per-request protocol fields in {@code _meta} (version, capabilities,
     * clientInfo, log level), as it is relayed: a 2025 server has them from its session's
     * {@code initialize} and must not see 2026-07-28 fields in a session's request; a 2026-07-28
     * server gets them back from the backend session ({@code upstream}). Other {@code _meta} members
     * (a progress token) stay; an emptied {@code _meta} goes.
     */
    public byte[] withoutRequestFields(byte[] message) {
        JsonNode tree = json.readTree(message);
        JsonNode meta = tree.path("params").path("_meta");
        if (!(meta instanceof ObjectNode fields)) {
            return message;
        }
        fields.remove(List.of(META_VERSION, META_CAPABILITIES, META_CLIENT_INFO, META_LOG_LEVEL));
        if (fields.isEmpty()) {
            ((ObjectNode) tree.path("params")).remove("_meta");
        }
        return json.writeValueAsBytes(tree);
    }

    /** {@code -32022} for a request at {@code requested}, listing what the endpoint serves. */
    public Admission unsupported(String idJson, String requested) {
        ObjectNode data = JsonRpc.object();
        ArrayNode list = data.putArray("supported");
        supported.forEach(list::add);
        data.put("requested", requested);
        return new Admission(null, 400, JsonRpc.error(idJson, UNSUPPORTED_VERSION, "Unsupported protocol version: "
                + requested + "; supported: " + supported, data));
    }

    private Admission headersMatch(UnaryOperator<String> headers, Envelope message, JsonNode params, String idJson) {
        String method = headers.apply(Headers.METHOD);
        if (method == null) {
            return refuse(400, idJson, HEADER_MISMATCH, "Header mismatch: the Mcp-Method header is required (the "
                    + "body's method is " + quoted(message.method()) + ")");
        }
        if (!method.trim().equals(message.method())) {
            return refuse(400, idJson, HEADER_MISMATCH, "Header mismatch: Mcp-Method header value " + quoted(method)
                    + " does not match body value " + quoted(message.method()));
        }
        if (!NAMED.contains(message.method())) {
            return null;
        }
        JsonNode bodyName = params.path("resources/read".equals(message.method()) ? "uri" : "name");
        String rawName = headers.apply(Headers.NAME);
        if (rawName == null) {
            return refuse(400, idJson, HEADER_MISMATCH, "Header mismatch: the Mcp-Name header is required for "
                    + message.method());
        }
        String name = HeaderValues.decode(rawName.trim());
        if (name == null) {
            return refuse(400, idJson, HEADER_MISMATCH, "Header mismatch: the Mcp-Name header is not valid Base64 "
                    + "inside =?base64?...?=");
        }
        if (!bodyName.isString() || !bodyName.asString().equals(name)) {
            return refuse(400, idJson, HEADER_MISMATCH, "Header mismatch: Mcp-Name header value " + quoted(name)
                    + " does not match body value " + (bodyName.isString() ? quoted(bodyName.asString()) : "(none)"));
        }
        return null;
    }

    private boolean metaVersionPresent(byte[] body) {
        // Only reached by requests the 2025 path would refuse for want of a session: never hot.
        try {
            return json.readTree(body).path("params").path("_meta").has(META_VERSION);
        } catch (JacksonException e) {
            return false;
        }
    }

    private static Admission refuse(int status, String idJson, int code, String message) {
        return new Admission(null, status, Failures.error(idJson, code, message));
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    private static String quoted(String s) {
        // Client text echoed in an error: short and printable.
        String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        StringBuilder out = new StringBuilder("'");
        cut.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return out.append('\'').toString();
    }

    /**
     * What the gate decided about a modern message: its fields, or a refusal.
     *
     * @param request the request's fields ({@code null} when refused)
     * @param status  the HTTP status of the refusal
     * @param error   the refusal's JSON-RPC error body
     */
    public record Admission(ModernRequest request, int status, byte[] error) {

        public boolean refused() {
            return request == null;
        }

        public String errorText() {
            return error == null ? null : new String(error, StandardCharsets.UTF_8);
        }
    }
}
