package io.mcpfleet.manager.health;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange of a probe over a fresh plain socket, every read within one deadline:
 * connect, write the request, read the status line, the headers and, if wanted, the body (by
 * {@code Content-Length}, chunked, or to the end of the connection). Blocking: probes run on the
 * prober's pool of platform threads.
 *
 * <p>Why not the JDK's HTTP client: for a probe it was most of an idle manager's CPU (its
 * selector, worker threads, a dozen completion stages and the header maps of every exchange:
 * 4-5 ms of CPU per probe against about 1 ms for this, measured side by side). The connection is
 * not kept: one probe every few seconds gains nothing from it, and a server restarted by a wake
 * would have closed it anyway.
 */
final class ProbeConnection implements Closeable {

    /** A status or header line longer than this is not one. */
    private static final int MAX_LINE = 8 * 1024;
    /** More header lines than this is not an answer to a probe. */
    private static final int MAX_HEADERS = 100;

    private final Socket socket;
    private final Input in;

    private ProbeConnection(Socket socket, long deadline) throws IOException {
        this.socket = socket;
        this.in = new Input(socket, deadline);
    }

    /** Connection refused or timed out, unknown host, no route: nothing answered at all. */
    static final class Unreachable extends IOException {
        Unreachable(String host, int port, IOException cause) {
            super("cannot connect to " + host + ":" + port + ": " + cause.getMessage(), cause);
        }
    }

    /** Connects to {@code endpoint} (http://host:port) before {@code deadline} ({@link System#nanoTime()}). */
    static ProbeConnection open(URI endpoint, long deadline) throws IOException {
        String host = endpoint.getHost();
        int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            return new ProbeConnection(socket, deadline);
        } catch (IOException e) {
            socket.close();
            throw new Unreachable(host, port, e);
        }
    }

    /**
     * Writes one request, with {@code Host} and {@code Connection: close} added.
     *
     * @param headers more header lines, each ending in CRLF (may be empty)
     * @param body    sent with its {@code Content-Length}; {@code null} for none
     */
    void send(String method, URI endpoint, String path, String headers, byte[] body) throws IOException {
        String host = endpoint.getHost() + ":" + (endpoint.getPort() < 0 ? 80 : endpoint.getPort());
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n").append(headers);
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            out.write(bytes);
        } else {
            // One write, so that the request leaves in one segment.
            byte[] all = new byte[bytes.length + body.length];
            System.arraycopy(bytes, 0, all, 0, bytes.length);
            System.arraycopy(body, 0, all, bytes.length, body.length);
            out.write(all);
        }
        out.flush();
    }

    /** The first line of the answer, without its line end; {@code null} if the peer closed before one. */
    String statusLine() throws IOException {
        return in.line(true);
    }

    /** The answer's headers after its status line: lower-case names, the first value of each. */
    Map<String, String> headers() throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i <= MAX_HEADERS; i++) {
            String line = in.line(false);
            if (line == null) {
                throw new IOException("the connection closed in the middle of the headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        throw new IOException("more than " + MAX_HEADERS + " header lines");
    }

    /**
     * The body of an answer with these headers, decoded: its {@code Content-Length} bytes, its
     * chunks, or everything until the connection closes. Reads past the deadline fail with a
     * {@link SocketTimeoutException}.
     */
    InputStream body(Map<String, String> headers) throws IOException {
        String encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new Chunked(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return new Bounded(in, Long.parseLong(length.trim()));
            } catch (NumberFormatException e) {
                throw new IOException("a Content-Length that is not a number: " + printable(length));
            }
        }
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The status code of {@code HTTP/1.x NNN ...}, or -1. */
    static int status(String line) {
        if (!line.startsWith("HTTP/") || line.length() < 12) {
            return -1;
        }
        int sp = line.indexOf(' ');
        if (sp < 0 || sp + 4 > line.length() || (sp + 4 < line.length() && line.charAt(sp + 4) != ' ')) {
            return -1;
        }
        int code = 0;
        for (int i = sp + 1; i < sp + 4; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    /** A line quoted in a detail: cut short, control characters shown as {@code ?}. */
    static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** At least 1: 0 would mean no timeout at all. */
    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("probe deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** The socket's bytes, buffered, each read within the deadline. */
    private static final class Input extends InputStream {
        private final Socket socket;
        private final InputStream raw;
        private final long deadline;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int end;

        Input(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.raw = socket.getInputStream();
            this.deadline = deadline;
        }

        private boolean fill() throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            int n = raw.read(buf, 0, buf.length);
            if (n < 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pos == end && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == end && !fill()) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        /**
         * One line without its end (LF or CRLF); {@code null} at the end of the stream before any
         * byte. A status line ({@code lenient}) that is too long or ends unterminated is returned
         * as far as it goes, to be quoted as what came back instead of HTTP.
         */
        String line(boolean lenient) throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int c = read();
                if (c < 0) {
                    if (line.isEmpty()) {
                        return null;
                    }
                    if (lenient) {
                        return line.toString();
                    }
                    throw new IOException("the connection closed in the middle of a line");
                }
                if (c == '\n') {
                    int n = line.length();
                    return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
                }
                line.append((char) c);
                if (line.length() > MAX_LINE) {
                    if (lenient) {
                        return line.toString();
                    }
                    throw new IOException("a header line longer than " + MAX_LINE + " bytes");
                }
            }
        }
    }

    /** A body, read in blocks: a single byte is a block of one. */
    private abstract static class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** The first {@code length} bytes of the connection. */
    private static final class Bounded extends Body {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection closed " + left + " bytes before the end of the body");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body, decoded; the trailers after the last chunk are not read (the connection closes). */
    private static final class Chunked extends Body {
        private final Input in;
        private long left;
        private boolean last;

        Chunked(Input in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (last) {
                return -1;
            }
            if (left == 0 && !nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection closed in the middle of a chunk");
            }
            left -= n;
            if (left == 0) {
                String crlf = in.line(false);
                if (crlf == null || !crlf.isEmpty()) {
                    throw new IOException("a chunk not followed by CRLF");
                }
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            String line = in.line(false);
            if (line == null) {
                throw new IOException("the connection closed before the last chunk");
            }
            int ext = line.indexOf(';');
            String size = (ext < 0 ? line : line.substring(0, ext)).trim();
            try {
                left = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new IOException("a chunk size that is not hexadecimal: " + printable(line));
            }
            if (left < 0) {
                throw new IOException("a negative chunk size: " + printable(line));
            }
            if (left == 0) {
                last = true;
                return false;
            }
            return true;
        }
    }
}
