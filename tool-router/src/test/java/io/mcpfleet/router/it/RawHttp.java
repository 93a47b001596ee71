package io.mcpfleet.router.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http} refuses to send: any bytes as the
 * body, duplicate or missing headers, any {@code Host}. One request per connection
 * ({@code Connection: close}), so the answer is whatever comes before the server closes.
 */
final class RawHttp {

    private static final int READ_TIMEOUT_MS = 60_000;

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** One answer: its status (0 when the server closed without one), head and body as text. */
    record Answer(int status, String head, String body) {

        boolean isServerError() {
            return status >= 500;
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    /**
     * Sends {@code method /mcp} with exactly {@code headers} ("Name: value" lines, in order, duplicates
     * kept) and {@code body}; {@code Content-Length} is added unless a header names the framing.
     */
    Answer send(String method, String path, List<String> headers, byte[] body) {
        List<String> all = new ArrayList<>(headers);
        boolean framed = headers.stream().anyMatch(h -> h.regionMatches(true, 0, "Content-Length:", 0, 15)
                || h.regionMatches(true, 0, "Transfer-Encoding:", 0, 18));
        if (!framed && body != null) {
            all.add("Content-Length: " + body.length);
        }
        all.add("Connection: close");
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        all.forEach(h -> head.append(h).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                writeQuietly(out, body);
            }
            finishWriting(socket);
            return parse(readQuietly(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        }
    }

    // The server may answer (413, 400) and close before it has read the whole body: not a failure.
    private static void writeQuietly(OutputStream out, byte[] body) throws IOException {
        try {
            out.write(body);
        } catch (SocketException closedEarly) {
            // the answer is still there to read
        }
    }

    // Nothing more comes: a body shorter than its Content-Length ends here, not at a timeout.
    private static void finishWriting(Socket socket) throws IOException {
        try {
            socket.getOutputStream().flush();
            socket.shutdownOutput();
        } catch (SocketException closedEarly) {
            // the server has answered and closed already
        }
    }

    private static byte[] readQuietly(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // a reset after the answer: keep what came
        }
        return read.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ")) {
            return new Answer(0, "", new String(raw, StandardCharsets.UTF_8));
        }
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(raw, end + 4, raw.length);
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), head, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int eol = text.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, eol + 2, Math.min(size, chunked.length - eol - 2));
            at = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
