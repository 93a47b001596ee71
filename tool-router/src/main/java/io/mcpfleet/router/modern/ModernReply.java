package io.mcpfleet.router.modern;

import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.routing.ReplySink;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reply to a modern client, in front of the 2025 path's reply: results get {@code resultType}
 * (and a caching hint where the method is cacheable); a request's {@code notifications/message}
 * reach the client only when it asked for a log level; a server-to-client request (which a
 * 2026-07-28 stream must not carry) is refused back to the server that sent it; an unknown method
 * answers HTTP 404 as the binding says.
 */
public final class ModernReply implements ReplySink {

    private final ReplySink inner;
    private final HttpServletResponse response;
    private final EnvelopeScanner scanner;
    private final ResultFields.CacheHint hint;
    private final String logLevel;
    private final Consumer<Envelope> refuseServerRequest;
    private final InputPins pins;
    private String service;
    private String instanceId;

    /**
     * @param hint                the caching hint of the method's result, or {@code null} if it is not cacheable
     * @param refuseServerRequest answers a server-to-client request (as the client sees it) with an error
     */
    public ModernReply(ReplySink inner, HttpServletResponse response, EnvelopeScanner scanner,
                       ResultFields.CacheHint hint, String logLevel, Consumer<Envelope> refuseServerRequest,
                       InputPins pins) {
        this.pins = pins;
        this.inner = inner;
        this.response = response;
        this.scanner = scanner;
        this.hint = hint;
        this.logLevel = logLevel;
        this.refuseServerRequest = refuseServerRequest;
    }

    @Override
    public void intermediate(byte[] json) throws ClientGoneException {
        Envelope e = scanner.scan(json);
        if (e.kind() == Envelope.Kind.REQUEST) {
            refuseServerRequest.accept(e);
            return;
        }
        if (logLevel == null && "notifications/message".equals(e.method())) {
            return;
        }
        inner.intermediate(json);
    }

    @Override
    public void complete(byte[] json) throws ClientGoneException {
        Envelope e = scanner.scan(json);
        if (e.error()) {
            if (!inner.streamed() && errorCode(json) == Failures.METHOD_NOT_FOUND) {
                write(response, 404, json);
                return;
            }
            inner.complete(json);
            return;
        }
        pinRequestState(json);
        inner.complete(ResultFields.complete(json, hint));
    }

    @Override
    public void answeredBy(String service, String instanceId) {
        this.service = service;
        this.instanceId = instanceId;
    }

    /** Remembers where an {@code input_required} result's requestState was issued (the result goes on unchanged). */
    private void pinRequestState(byte[] json) {
        if (service == null || !contains(json, INPUT_REQUIRED)) {
            return;
        }
        tools.jackson.databind.JsonNode result = JsonMapper.shared().readTree(json).path("result");
        if ("input_required".equals(result.path("resultType").asString(null))
                && result.path("requestState").isString()) {
            pins.record(result.path("requestState").asString(), service, instanceId);
        }
    }

    private static final byte[] INPUT_REQUIRED = "input_required".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void abandon() {
        inner.abandon();
    }

    @Override
    public boolean streamed() {
        return inner.streamed();
    }

    /** Writes a whole JSON answer with its status (a refusal, an unknown method). */
    public static void write(HttpServletResponse response, int status, byte[] json) {
        if (response.isCommitted()) {
            return;
        }
        try {
            response.setStatus(status);
            response.setContentType("application/json");
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    private static int errorCode(byte[] json) {
        return JsonMapper.shared().readTree(json).path("error").path("code").asInt(0);
    }

    /** The error a 2025 server's request to a modern client is answered with. */
    public static byte[] serverRequestRefused(String idJson, String method) {
        return JsonRpc.error(idJson, Failures.METHOD_NOT_FOUND, "the client speaks MCP " + ModernGate.VERSION
                + " through mcp-fleet, which does not carry " + method + " to it (no server-to-client requests "
                + "in 2026-07-28; the router does not map them to input_required results)", null);
    }
}
