package io.mcpfleet.router.mcp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection to the router, byte by byte: requests may be written ahead
 * of their answers (pipelined), answers are read in the order they come, a streamed body chunk by
 * chunk.
 */
final class Wire implements Closeable {

    private final Socket socket;
    private final InputStream in;

    Wire(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request's bytes: {@code headers} are "Name: value" lines; Host and Content-Length are added. */
    static String request(String method, String path, String body, String... headers) {
        StringBuilder s = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            s.append(h).append("\r\n");
        }
        if (body != null) {
            s.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        return s.append("\r\n").append(body == null ? "" : body).toString();
    }

    static String mcpPost(String session, String body, String... headers) {
        String[] all = new String[headers.length + 3];
        all[0] = "Accept: application/json, text/event-stream";
        all[1] = "Content-Type: application/json";
        all[2] = "Mcp-Session-Id: " + session;
        System.arraycopy(headers, 0, all, 3, headers.length);
        return request("POST", "/mcp", body, all);
    }

    Wire write(String... requests) {
        try {
            for (String r : requests) {
                socket.getOutputStream().write(r.getBytes(StandardCharsets.UTF_8));
            }
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Head(int status, Map<String, String> headers) {
        boolean chunked() {
            return "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    Head head() {
        try {
            String status = line();
            Map<String, String> headers = new HashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            return new Head(Integer.parseInt(status.substring(9, 12)), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next chunk of a chunked body, {@code null} at its end. */
    String chunk() {
        try {
            int size = Integer.parseInt(line().split(";")[0].trim(), 16);
            if (size == 0) {
                line();
                return null;
            }
            String data = new String(in.readNBytes(size), StandardCharsets.UTF_8);
            line();
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next whole answer. */
    Answer answer() {
        Head head = head();
        StringBuilder body = new StringBuilder();
        if (head.chunked()) {
            for (String c = chunk(); c != null; c = chunk()) {
                body.append(c);
            }
        } else {
            int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
            try {
                body.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Answer(head.status(), head.headers(), body.toString());
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the router closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
