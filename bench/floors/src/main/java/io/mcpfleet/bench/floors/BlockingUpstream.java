package io.mcpfleet.bench.floors;

import io.mcpfleet.bench.floors.Exchange.Answer;
import io.mcpfleet.bench.floors.Exchange.Call;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A minimal blocking HTTP/1.1 client over pooled keep-alive sockets, as the router's upstream client
 * relays a call on the thread that took it: one write of head and body, a buffered read of the answer
 * (Content-Length bodies only: what the bench's backend sends). A connection that fails is closed;
 * a call that failed on a reused one is sent once more on a fresh one.
 */
final class BlockingUpstream implements AutoCloseable {

    private final InetSocketAddress backend;
    private final byte[] hostLine;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    BlockingUpstream(InetSocketAddress backend) {
        this.backend = backend;
        this.hostLine = ("Host: " + backend.getHostString() + ":" + backend.getPort() + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    Answer exchange(Call call) throws IOException {
        byte[] request = request(call);
        Connection reused = idle.pollFirst();
        if (reused != null) {
            try {
                return done(reused, reused.exchange(request));
            } catch (IOException stale) {
                reused.close();
            }
        }
        Connection fresh = new Connection(backend);
        try {
            return done(fresh, fresh.exchange(request));
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
    }

    private Answer done(Connection connection, Answer answer) {
        idle.offerFirst(connection);
        return answer;
    }

    private byte[] request(Call call) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + call.body().length);
        out.writeBytes(("POST " + call.path() + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(hostLine);
        header(out, "Content-Type", call.contentType());
        header(out, "Accept", call.accept());
        header(out, "Mcp-Session-Id", call.sessionId());
        header(out, "MCP-Protocol-Version", call.protocolVersion());
        header(out, "Content-Length", Integer.toString(call.body().length));
        out.writeBytes(new byte[] {'\r', '\n'});
        out.writeBytes(call.body());
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, String name, String value) {
        if (value != null) {
            out.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Override
    public void close() {
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            c.close();
        }
    }

    /** One keep-alive connection; used by one call at a time. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(InetSocketAddress backend) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(backend, 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }

        Answer exchange(byte[] request) throws IOException {
            out.write(request);
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: '" + statusLine + "'");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            String contentType = null;
            String sessionId = null;
            int length = 0;
            for (String line; !(line = line()).isEmpty(); ) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header line: '" + line + "'");
                }
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(value);
                } else if (name.equalsIgnoreCase("Content-Type")) {
                    contentType = value;
                } else if (name.equalsIgnoreCase("Mcp-Session-Id")) {
                    sessionId = value;
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    throw new IOException("this floor reads Content-Length bodies only, not Transfer-Encoding: " + value);
                }
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new IOException("the backend closed after " + body.length + " of " + length + " bytes");
            }
            return new Answer(status, contentType, sessionId, body);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("the backend closed the connection");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we give up on: nothing to do
            }
        }
    }
}
