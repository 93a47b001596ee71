package io.mcpfleet.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A keep-alive HTTP/1.1 connection the load generators drive themselves, so that a measured
 * latency holds no client-side thread hand-offs and a burst is sent over connections opened
 * beforehand (a burst of connects would measure the kernel's accept queue instead).
 */
final class Wire implements AutoCloseable {

    /** A response: status, headers (lower-case names) and the whole body. */
    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final String host;
    private final int port;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Wire(String host, int port, int timeoutMillis) throws IOException {
        this.host = host;
        this.port = port;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(timeoutMillis);
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /** POSTs a JSON-RPC message to {@code path} with the given extra headers and reads the answer. */
    Answer post(String path, String json, String... headers) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port)
                .append("\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        b.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        out.write(all);
        out.flush();
        return read();
    }

    /** GETs {@code path} and reads the answer. */
    Answer get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ':' + port + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return read();
    }

    private Answer read() throws IOException {
        String status = HttpLines.read(in);
        if (!status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, String> headers = new TreeMap<>();
        for (String h = HttpLines.read(in); !h.isEmpty(); h = HttpLines.read(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = HttpLines.chunkSize(in); size > 0; size = HttpLines.chunkSize(in)) {
                body.write(in.readNBytes(size));
                HttpLines.read(in);
            }
            while (!HttpLines.read(in).isEmpty()) {
                // trailers
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Answer(code, headers, body.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
