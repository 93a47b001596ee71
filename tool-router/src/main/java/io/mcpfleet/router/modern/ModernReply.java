package io.mcpfleet.router.modern;

import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.json.Splice;
import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.routing.ReplySink;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reply to a modern client, in front of the 2025 path's reply: results get {@code resultType}
 * (and a caching hint where the method is cacheable); a request's {@code notifications/message}
 * reach the client only when it asked for a log level; a server-to-client request (which a
 * 2026-07-28 stream must not carry) goes to the {@link HeldCall}, which turns it into
 * {@code input_required} rounds (the reply then goes on on each retry's response, under its id) or
 * refuses it back to the server that sent it; an unknown method answers HTTP 404 as the binding says.
 */
public final class ModernReply implements ReplySink {

    private ReplySink inner;
    private HttpServletResponse response;
    /** The id of the client's current request, once a retry took the reply over; {@code null} before. */
    private String idJson;
    private final EnvelopeScanner scanner;
    private final ResultFields.CacheHint hint;
    private final String logLevel;
    private final HeldCall held;
    private final InputPins pins;
    private String service;
    private String instanceId;

    /**
     * @param hint                the caching hint of the method's result, or {@code null} if it is not cacheable
     * @param held     what becomes of a server-to-client request (as the client sees it)
     */
    public ModernReply(ReplySink inner, HttpServletResponse response, EnvelopeScanner scanner,
                       ResultFields.CacheHint hint, String logLevel, HeldCall held, InputPins pins) {
        this.pins = pins;
        this.inner = inner;
        this.response = response;
        this.scanner = scanner;
        this.hint = hint;
        this.logLevel = logLevel;
        this.held = held;
    }

    /** Writes an {@code input_required} result of the {@link HeldCall} on the current request's response. */
    void sendRound(byte[] json) {
        inner.complete(json);
    }

    /** A retry takes the reply over: what follows goes on its response, under its id. */
    void continueWith(HeldCall.Turn turn) {
        this.inner = turn.sink();
        this.response = turn.response();
        this.idJson = turn.idJson();
    }

    private byte[] underCurrentId(Envelope e, byte[] json) {
        return idJson == null || e.id() == null ? json : Splice.replace(json, e.id(), idJson);
    }

    @Override
    public void intermediate(byte[] json) throws ClientGoneException {
        Envelope e = scanner.scan(json);
        if (e.kind() == Envelope.Kind.REQUEST) {
            held.ask(e, this);
            return;
        }
        if (logLevel == null && "notifications/message".equals(e.method())) {
            return;
        }
        inner.intermediate(json);
    }

    @Override
    public void complete(byte[] answer) throws ClientGoneException {
        Envelope e = scanner.scan(answer);
        byte[] json = underCurrentId(e, answer);
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
    public void answeredBy(String service, String instanceId, boolean modern) {
        // Only a 2026-07-28 instance issues a requestState: a 2025 one's answers are not scanned.
        this.service = modern ? service : null;
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

    static final byte[] INPUT_REQUIRED = "input_required".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static boolean contains(byte[] haystack, byte[] needle) {
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

    /** The error a 2025 server's request to a modern client is answered with when it cannot be carried. */
    static byte[] serverRequestRefused(String idJson, String method, String why) {
        return JsonRpc.error(idJson, Failures.METHOD_NOT_FOUND, "the client speaks MCP " + ModernGate.VERSION
                + " through mcp-fleet, which cannot carry " + method + " to it as an input_required result: "
                + why, null);
    }
}
