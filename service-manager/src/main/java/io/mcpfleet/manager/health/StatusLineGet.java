package io.mcpfleet.manager.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code http} probe's exchange: one {@code GET} over a plain socket, of which only the status
 * line is read, then the connection is closed. Blocking: runs on the prober's blocking pool.
 *
 * <p>Why not the JDK's HTTP client (which the {@code mcp} probe uses, for its bodies and event
 * streams): for a status line it was most of an idle manager's CPU (60 instances probed every
 * 10 s: its selector, its worker threads, a dozen completion stages and the header maps of every
 * exchange; 4-5 ms of CPU per probe against about 1 ms for this, measured side by side). This is a connect, one write, one read and a close. The connection is not kept: the
 * probe reads no body, and the servers probed this way (busybox's {@code httpd}, small health
 * endpoints) mostly close it anyway.
 */
final class StatusLineGet {

    /** A status line longer than this is not one. */
    private static final int MAX_STATUS_LINE = 1024;

    private StatusLineGet() {
    }

    /** GETs {@code path} of {@code endpoint} (http://host:port) within {@code timeout}. */
    static ProbeResult probe(URI endpoint, String path, Duration timeout) {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        String host = endpoint.getHost();
        int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            } catch (IOException e) {
                return ProbeResult.failed("cannot connect to " + host + ":" + port + ": " + e.getMessage());
            }
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nAccept: application/json, text/event-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String line = statusLine(socket, deadline);
            if (line == null) {
                return ProbeResult.failed("the connection closed before an HTTP answer from " + path);
            }
            int status = status(line);
            if (status < 0) {
                return ProbeResult.failed("not an HTTP answer from " + path + ": " + printable(line));
            }
            boolean healthy = status >= 200 && status < 400;
            return new ProbeResult(healthy, (System.nanoTime() - begin) / 1e9,
                    healthy ? null : "HTTP " + status + " from " + path);
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed("no answer from " + path + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            String message = e.getMessage();
            return ProbeResult.failed(e.getClass().getSimpleName() + (message == null ? "" : ": " + message)
                    + " from " + path);
        }
    }

    /** The first line of the answer, without its line end; null if the peer closed before one. */
    private static String statusLine(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[MAX_STATUS_LINE];
        int n = 0;
        while (n < buf.length) {
            socket.setSoTimeout(remainingMillis(deadline));
            int read = in.read(buf, n, buf.length - n);
            if (read < 0) {
                return n == 0 ? null : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            for (int i = n; i < n + read; i++) {
                if (buf[i] == '\n') {
                    int end = i > 0 && buf[i - 1] == '\r' ? i - 1 : i;
                    return new String(buf, 0, end, StandardCharsets.ISO_8859_1);
                }
            }
            n += read;
        }
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
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

    /** At least 1: 0 would mean no timeout at all. */
    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("probe deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
