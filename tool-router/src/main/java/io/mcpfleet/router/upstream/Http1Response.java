package io.mcpfleet.router.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 response being read from a {@link Http1Connection}: the head (status, and the
 * headers the router uses), then the body, framed by {@code Content-Length}, chunked transfer
 * coding, or the end of the connection (RFC 9112, section 6). Interim (1xx) responses are
 * skipped. Only what MCP needs is kept; header names are matched without allocating.
 */
final class Http1Response {

    static final int MAX_HEAD = 64 * 1024;

    private enum Framing { NONE, LENGTH, CHUNKED, CLOSE }

    final int status;
    final String contentType;
    final String sessionId;
    private final Http1Connection connection;
    private final Framing framing;
    private final boolean keepAlive;
    private long remaining;
    private boolean afterChunk;
    private boolean done;

    private Http1Response(Http1Connection connection, int status, String contentType, String sessionId,
                          Framing framing, long length, boolean keepAlive) {
        this.connection = connection;
        this.status = status;
        this.contentType = contentType;
        this.sessionId = sessionId;
        this.framing = framing;
        this.keepAlive = keepAlive;
        this.remaining = framing == Framing.LENGTH ? length : -1;
        this.done = framing == Framing.NONE || (framing == Framing.LENGTH && length == 0);
    }

    /** Reads the head of the response to a request that was just written (skipping 1xx responses). */
    static Http1Response read(Http1Connection connection, long deadlineNanos) throws IOException {
        while (true) {
            int n = connection.readLine(deadlineNanos);
            if (n < 0) {
                throw new EOFException("the connection closed before a response");
            }
            Head head = new Head(connection.line);
            head.statusLine(n);
            int total = n;
            while ((n = line(connection, deadlineNanos)) > 0) {
                total += n;
                if (total > MAX_HEAD) {
                    throw new ProtocolException("response head larger than " + MAX_HEAD + " bytes");
                }
                head.header(n);
            }
            if (head.status >= 200) {
                return head.response(connection);
            }
            // 1xx: an interim response; the real one follows.
        }
    }

    /** The next body bytes; -1 at the end of the body. */
    int read(byte[] dst, int offset, int length, long deadlineNanos) throws IOException {
        if (done) {
            return -1;
        }
        switch (framing) {
            case LENGTH -> {
                int n = connection.read(dst, offset, (int) Math.min(length, remaining), deadlineNanos);
                if (n < 0) {
                    throw new EOFException("the connection closed " + remaining + " bytes before the end of the body");
                }
                remaining -= n;
                done = remaining == 0;
                return n;
            }
            case CHUNKED -> {
                return readChunked(dst, offset, length, deadlineNanos);
            }
            case CLOSE -> {
                int n = connection.read(dst, offset, length, deadlineNanos);
                done = n < 0;
                return n;
            }
            default -> {
                return -1;
            }
        }
    }

    /** The body's length still to read, when the response declared it ({@code Content-Length}); else -1. */
    long knownLength() {
        return framing == Framing.LENGTH ? remaining : -1;
    }

    /** Whether the body was read to its end and the connection may carry another exchange. */
    boolean reusable() {
        return done && keepAlive && framing != Framing.CLOSE;
    }

    boolean done() {
        return done;
    }

    private int readChunked(byte[] dst, int offset, int length, long deadlineNanos) throws IOException {
        if (remaining == 0) {
            if (afterChunk && line(connection, deadlineNanos) != 0) {
                throw new ProtocolException("chunk data not followed by CRLF");
            }
            afterChunk = false;
            remaining = -1;
        }
        if (remaining < 0) {
            long size = chunkSize(connection.line, line(connection, deadlineNanos));
            if (size == 0) {
                // trailer fields, if any, up to the empty line
                while (line(connection, deadlineNanos) > 0) {
                    // ignored
                }
                done = true;
                return -1;
            }
            remaining = size;
        }
        int n = connection.read(dst, offset, (int) Math.min(length, remaining), deadlineNanos);
        if (n < 0) {
            throw new EOFException("the connection closed inside a chunk");
        }
        remaining -= n;
        afterChunk = remaining == 0;
        return n;
    }

    /** A line that must be there: the end of the stream here is an error. */
    private static int line(Http1Connection connection, long deadlineNanos) throws IOException {
        int n = connection.readLine(deadlineNanos);
        if (n < 0) {
            throw new EOFException("the connection closed inside the response");
        }
        return n;
    }

    private static long chunkSize(byte[] line, int n) throws ProtocolException {
        long size = 0;
        int digits = 0;
        for (int i = 0; i < n; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                if (line[i] == ';' || line[i] == ' ' || line[i] == '\t') {
                    break;
                }
                throw new ProtocolException("bad chunk size line");
            }
            if (++digits > 15) {
                throw new ProtocolException("chunk too large");
            }
            size = size * 16 + d;
        }
        if (digits == 0) {
            throw new ProtocolException("bad chunk size line");
        }
        return size;
    }

    /** The head being parsed. */
    private static final class Head {
        final byte[] line;
        int status;
        String contentType;
        String sessionId;
        long length = -1;
        boolean chunked;
        boolean close;
        boolean http10;

        Head(byte[] line) {
            this.line = line;
        }

        void statusLine(int n) throws ProtocolException {
            // HTTP/1.1 200 OK
            byte[] b = line;
            if (n < 12 || b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[4] != '/' || b[5] != '1'
                    || b[6] != '.' || b[8] != ' ') {
                throw new ProtocolException("not an HTTP/1.x status line");
            }
            http10 = b[7] == '0';
            int s = 0;
            for (int i = 9; i < 12; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    throw new ProtocolException("bad status code");
                }
                s = s * 10 + (b[i] - '0');
            }
            status = s;
        }

        void header(int n) throws ProtocolException {
            int colon = -1;
            for (int i = 0; i < n; i++) {
                if (line[i] == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon <= 0) {
                throw new ProtocolException("bad header line");
            }
            int from = colon + 1;
            int to = n;
            while (from < to && (line[from] == ' ' || line[from] == '\t')) {
                from++;
            }
            while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
                to--;
            }
            if (is("content-length", colon)) {
                length = parseLength(from, to);
            } else if (is("transfer-encoding", colon)) {
                chunked = contains(from, to, "chunked");
            } else if (is("connection", colon)) {
                close = contains(from, to, "close");
                if (http10 && contains(from, to, "keep-alive")) {
                    http10 = false;
                }
            } else if (is("content-type", colon)) {
                contentType = new String(line, from, to - from, StandardCharsets.ISO_8859_1);
            } else if (is("mcp-session-id", colon)) {
                sessionId = new String(line, from, to - from, StandardCharsets.ISO_8859_1);
            }
        }

        Http1Response response(Http1Connection connection) {
            boolean keepAlive = !close && !http10;
            Framing framing;
            if (status == 204 || status == 304) {
                framing = Framing.NONE;
            } else if (chunked) {
                framing = Framing.CHUNKED;
            } else if (length >= 0) {
                framing = Framing.LENGTH;
            } else {
                framing = Framing.CLOSE;
            }
            return new Http1Response(connection, status, contentType, sessionId, framing, length, keepAlive);
        }

        private boolean is(String name, int length) {
            if (length != name.length()) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                int c = line[i];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean contains(int from, int to, String token) {
            String value = new String(line, from, to - from, StandardCharsets.ISO_8859_1);
            return value.toLowerCase(java.util.Locale.ROOT).contains(token);
        }

        private long parseLength(int from, int to) throws ProtocolException {
            if (from == to || to - from > 18) {
                throw new ProtocolException("bad Content-Length");
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                if (line[i] < '0' || line[i] > '9') {
                    throw new ProtocolException("bad Content-Length");
                }
                v = v * 10 + (line[i] - '0');
            }
            if (length >= 0 && length != v) {
                throw new ProtocolException("conflicting Content-Length headers");
            }
            return v;
        }
    }
}
