package io.mcpfleet.router.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The request line and headers of a POST to a backend, formatted once per backend session:
 * a call only appends its {@code Content-Length}.
 */
final class RequestHead {

    private static final byte[] LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Http1Endpoint endpoint;
    private final byte[] prefix;

    private RequestHead(Http1Endpoint endpoint, byte[] prefix) {
        this.endpoint = endpoint;
        this.prefix = prefix;
    }

    /**
     * @param url       the instance's MCP endpoint
     * @param sessionId the backend session's {@code Mcp-Session-Id}, or {@code null}
     * @param version   the negotiated protocol version, or {@code null} (before {@code initialize})
     */
    static RequestHead of(URI url, String sessionId, String version) {
        return of(url, sessionId, version, null);
    }

    /** @param authorization the {@code Authorization} header's value, or {@code null} (backends get none but the bridge) */
    static RequestHead of(URI url, String sessionId, String version, String authorization) {
        Http1Endpoint endpoint = Http1Endpoint.of(url);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        StringBuilder b = new StringBuilder(256)
                .append("POST ").append(path).append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ").append(endpoint.hostHeader())
                .append("\r\nContent-Type: application/json\r\nAccept: ").append(UpstreamClient.ACCEPT_BOTH)
                .append("\r\n");
        if (sessionId != null) {
            b.append("Mcp-Session-Id: ").append(sessionId).append("\r\n");
        }
        if (version != null) {
            b.append("MCP-Protocol-Version: ").append(version).append("\r\n");
        }
        if (authorization != null) {
            b.append("Authorization: ").append(authorization).append("\r\n");
        }
        return new RequestHead(endpoint, b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The same head with more header lines ({@code lines}: each ending in CRLF), for one request. */
    RequestHead with(String lines) {
        if (lines.isEmpty()) {
            return this;
        }
        byte[] more = lines.getBytes(StandardCharsets.ISO_8859_1);
        byte[] joined = Arrays.copyOf(prefix, prefix.length + more.length);
        System.arraycopy(more, 0, joined, prefix.length, more.length);
        return new RequestHead(endpoint, joined);
    }

    Http1Endpoint endpoint() {
        return endpoint;
    }

    /** The whole head for a body of {@code length} bytes. */
    byte[] bytes(int length) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + LENGTH.length + 10 + END.length);
        int at = prefix.length;
        System.arraycopy(LENGTH, 0, out, at, LENGTH.length);
        at += LENGTH.length;
        at = decimal(length, out, at);
        System.arraycopy(END, 0, out, at, END.length);
        return at + END.length == out.length ? out : Arrays.copyOf(out, at + END.length);
    }

    private static int decimal(int value, byte[] out, int at) {
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }
}
