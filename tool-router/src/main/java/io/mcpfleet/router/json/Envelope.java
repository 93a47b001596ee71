package io.mcpfleet.router.json;

import java.nio.charset.StandardCharsets;

/**
 * The parts of one JSON-RPC message the router reads; everything else stays bytes.
 *
 * @param bytes         the whole message (UTF-8)
 * @param kind          request, notification, response, or invalid
 * @param method        the method of a request or notification
 * @param id            the id value (string or number), or {@code null}
 * @param name          {@code params.name} when it is a string
 * @param nameSpan      where {@code params.name} is
 * @param progressToken {@code params._meta.progressToken} (or {@code params.progressToken} in a progress notification)
 * @param requestId     {@code params.requestId} (in {@code notifications/cancelled})
 * @param level         {@code params.level} when it is a string
 * @param error         a response carries {@code error}
 * @param toolError     a response's {@code result.isError} is true
 * @param problem       why the message is not valid JSON-RPC, or {@code null}
 * @param oddArguments  {@code params.arguments} is there and is neither an object nor null
 */
public record Envelope(byte[] bytes, Kind kind, String method, Span id, String name, Span nameSpan,
                       Span progressToken, Span requestId, String level, boolean error, boolean toolError,
                       String problem, boolean oddArguments) {

    public enum Kind { REQUEST, NOTIFICATION, RESPONSE, INVALID }

    public boolean isRequest() {
        return kind == Kind.REQUEST;
    }

    /** The id as raw JSON text ({@code "a"} with quotes, or {@code 7}), or {@code null}. */
    public String idText() {
        return id == null ? null : id.text(bytes);
    }

    public String progressTokenText() {
        return progressToken == null ? null : progressToken.text(bytes);
    }

    public String requestIdText() {
        return requestId == null ? null : requestId.text(bytes);
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
