package io.mcpfleet.router.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful MCP backend over plain sockets (HTTP/1.1 with keep-alive) whose tools misbehave at
 * the transport level, and which counts what a leak would leave behind: connections the router
 * keeps open to it and backend sessions the router opened and never deleted.
 *
 * <ul>
 *   <li>{@code ok}: answers at once; {@code slow}: after 200 ms</li>
 *   <li>{@code hang}: never answers; the connection stays open until the router closes it</li>
 *   <li>{@code garbage}: a 200 whose JSON body is not JSON</li>
 *   <li>{@code cut}: an SSE stream with one progress notification, then the connection closes</li>
 *   <li>{@code partial}: a JSON body shorter than its Content-Length, then the connection closes</li>
 *   <li>{@code reset}: the connection is reset (RST) without an answer</li>
 *   <li>{@code fail}: HTTP 500</li>
 * </ul>
 */
final class MisbehavingServer implements AutoCloseable {

    static final String[] TOOLS = {"ok", "slow", "hang", "garbage", "cut", "partial", "reset", "fail"};

    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "misbehaving-server");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessionsCreated = new AtomicInteger();
    private final AtomicInteger sessionsDeleted = new AtomicInteger();

    private MisbehavingServer(ServerSocket server) {
        this.server = server;
    }

    static MisbehavingServer start() {
        try {
            MisbehavingServer s = new MisbehavingServer(new ServerSocket(0, 128, InetAddress.getLoopbackAddress()));
            s.threads.execute(s::accept);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the misbehaving server", e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections open now (the router's pooled and in-flight ones). */
    int openConnections() {
        return open.size();
    }

    /** Backend sessions initialised and not yet deleted. */
    int liveSessions() {
        return sessionsCreated.get() - sessionsDeleted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String[] request;
            while ((request = readRequest(in)) != null) {
                if (!answer(request[0], request[1], socket, in, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the router closed or reset the connection
        } finally {
            open.remove(socket);
        }
    }

    /** Answers one request; false when the connection must end. */
    private boolean answer(String method, String body, Socket socket, InputStream in, OutputStream out)
            throws IOException, InterruptedException {
        if (method.equals("GET")) {
            return respond(out, 405, "text/plain", "", "no GET stream here");
        }
        if (method.equals("DELETE")) {
            sessionsDeleted.incrementAndGet();
            return respond(out, 204, null, "", null);
        }
        String rpc = find(METHOD, body);
        String id = find(ID, body);
        if (rpc == null || id == null) {
            return respond(out, 202, null, "", null);
        }
        return switch (rpc) {
            case "initialize" -> respond(out, 200, "application/json", "Mcp-Session-Id: s-"
                    + sessionsCreated.incrementAndGet() + "\r\n", result(id, "{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"misbehaving\",\"version\":\"1\"}}"));
            case "tools/list" -> respond(out, 200, "application/json", "", result(id, toolList()));
            case "tools/call" -> call(find(NAME, body), id, socket, in, out);
            default -> respond(out, 200, "application/json", "", "{\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"error\":{\"code\":-32601,\"message\":\"no\"}}");
        };
    }

    private boolean call(String tool, String id, Socket socket, InputStream in, OutputStream out)
            throws IOException, InterruptedException {
        String done = result(id, "{\"content\":[{\"type\":\"text\",\"text\":\"" + tool + "\"}]}");
        switch (tool == null ? "" : tool) {
            case "slow" -> {
                Thread.sleep(200);
                return respond(out, 200, "application/json", "", done);
            }
            case "hang" -> {
                // Until the router gives up and closes the connection: a leak keeps it open.
                while (in.read() >= 0) {
                    continue;
                }
                return false;
            }
            case "garbage" -> {
                return respond(out, 200, "application/json", "", "<html>this is not JSON-RPC</html>");
            }
            case "cut" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                        + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                        + "\"params\":{\"level\":\"info\",\"data\":\"halfway\"}}\n\n");
                return false;
            }
            case "partial" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + done.length() * 2
                        + "\r\n\r\n" + done.substring(0, done.length() / 2));
                return false;
            }
            case "reset" -> {
                socket.setSoLinger(true, 0);
                return false;
            }
            case "fail" -> {
                return respond(out, 500, "text/plain", "", "boom");
            }
            default -> {
                return respond(out, 200, "application/json", "", done);
            }
        }
    }

    private static String toolList() {
        StringBuilder tools = new StringBuilder("{\"tools\":[");
        for (int i = 0; i < TOOLS.length; i++) {
            tools.append(i == 0 ? "" : ",").append("{\"name\":\"").append(TOOLS[i])
                    .append("\",\"inputSchema\":{\"type\":\"object\"}}");
        }
        return tools.append("]}").toString();
    }

    private static String result(String id, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
    }

    private static boolean respond(OutputStream out, int status, String type, String headers, String body)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\n").append(headers);
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        if (status != 204) {
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        write(out, head.append("\r\n").toString());
        out.write(bytes);
        out.flush();
        return true;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 405 -> "Method Not Allowed";
            default -> "Internal Server Error";
        };
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    /** The method and body of the next request, or null when the connection ended. */
    private static String[] readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        int length = 0;
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new String[] {requestLine.substring(0, requestLine.indexOf(' ')),
            new String(body, StandardCharsets.UTF_8)};
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
        threads.shutdownNow();
    }
}
