package io.mcpfleet.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Docker Engine API over its unix socket, spoken directly (no client library, one connection
 * per request): the floors are measured with the least the engine can be asked with.
 */
final class Engine {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path socket;

    Engine(Path socket) {
        this.socket = socket;
    }

    static Engine local() {
        String host = System.getenv("DOCKER_HOST");
        if (host != null && host.startsWith("unix://")) {
            return new Engine(Path.of(host.substring("unix://".length())));
        }
        return new Engine(Path.of("/var/run/docker.sock"));
    }

    /** Creates a container and returns its id. */
    String create(String name, String image, java.util.Map<String, String> env, int containerPort, int hostPort,
                  java.util.Map<String, String> labels) throws IOException {
        StringBuilder envJson = new StringBuilder("[");
        env.forEach((k, v) -> envJson.append(envJson.length() > 1 ? "," : "").append(quote(k + "=" + v)));
        envJson.append(']');
        String body = "{\"Image\":" + quote(image) + ",\"Env\":" + envJson + ",\"Labels\":" + labelsJson(labels)
                + ",\"ExposedPorts\":{\"" + containerPort + "/tcp\":{}},\"HostConfig\":{\"Init\":true,"
                + "\"PortBindings\":{\"" + containerPort + "/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\""
                + hostPort + "\"}]}}}";
        JsonNode created = JSON.readTree(call("POST", "/containers/create?name=" + encode(name), body, 201));
        return created.path("Id").asString();
    }

    /** Creates a container of a stdio server: stdin open (not closed when an attachment ends), no TTY, no port. */
    String createStdio(String name, String image, java.util.Map<String, String> labels) throws IOException {
        String body = "{\"Image\":" + quote(image) + ",\"Labels\":" + labelsJson(labels) + ",\"OpenStdin\":true,"
                + "\"StdinOnce\":false,\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,"
                + "\"Tty\":false,\"HostConfig\":{\"Init\":true}}";
        JsonNode created = JSON.readTree(call("POST", "/containers/create?name=" + encode(name), body, 201));
        return created.path("Id").asString();
    }

    /**
     * Attaches to a container's stdin and stdout as the bridge does (the hijacked attach connection):
     * lines written go to its stdin; its stdout comes back as lines.
     */
    StdioAttachment attach(String id) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            InputStream in = Channels.newInputStream(channel);
            out.write(("POST /v1.41/containers/" + id + "/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = HttpLines.read(in);
            while (!HttpLines.read(in).isEmpty()) {
                // headers
            }
            if (!status.contains(" 101 ") && !status.contains(" 200 ")) {
                throw new IOException("engine answered the attach of " + id + " with " + status);
            }
            return new StdioAttachment(channel, in);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void start(String id) throws IOException {
        call("POST", "/containers/" + id + "/start", null, 204);
    }

    void stop(String id, int seconds) throws IOException {
        call("POST", "/containers/" + id + "/stop?t=" + seconds, null, 204, 304);
    }

    void pause(String id) throws IOException {
        call("POST", "/containers/" + id + "/pause", null, 204);
    }

    void unpause(String id) throws IOException {
        call("POST", "/containers/" + id + "/unpause", null, 204);
    }

    void remove(String id) throws IOException {
        call("DELETE", "/containers/" + id + "?force=true", null, 204, 404);
    }

    /** The containers carrying a label ({@code key=value}), all states. */
    JsonNode list(String labelFilter) throws IOException {
        String filters = "{\"label\":[" + quote(labelFilter) + "]}";
        return JSON.readTree(call("GET", "/containers/json?all=true&filters=" + encode(filters), null, 200));
    }

    /** Removes every container carrying the label; returns how many. */
    int removeAll(String labelFilter) throws IOException {
        int n = 0;
        for (JsonNode c : list(labelFilter)) {
            remove(c.path("Id").asString());
            n++;
        }
        return n;
    }

    /** Removes every Swarm service carrying the label (a fleet on {@code fleet.runtime: swarm}); returns how many. */
    int removeServices(String labelFilter) throws IOException {
        String filters = "{\"label\":[" + quote(labelFilter) + "]}";
        int n = 0;
        for (JsonNode s : JSON.readTree(call("GET", "/services?filters=" + encode(filters), null, 200))) {
            call("DELETE", "/services/" + s.path("ID").asString(), null, 200, 404);
            n++;
        }
        return n;
    }

    JsonNode inspect(String id) throws IOException {
        return JSON.readTree(call("GET", "/containers/" + id + "/json", null, 200));
    }

    /**
     * Memory the container's cgroup charges now, without the page cache it could drop (what
     * {@code docker stats} shows), in bytes; 0 when it is not running.
     */
    long memoryBytes(String id) throws IOException {
        JsonNode memory = JSON.readTree(call("GET", "/containers/" + id + "/stats?stream=false&one-shot=true", null, 200))
                .path("memory_stats");
        JsonNode stats = memory.path("stats");
        long cache = stats.has("inactive_file") ? stats.path("inactive_file").asLong()
                : stats.has("total_inactive_file") ? stats.path("total_inactive_file").asLong()
                : stats.path("cache").asLong(0);
        return Math.max(0, memory.path("usage").asLong(0) - cache);
    }

    private String call(String method, String path, String body, int... expected) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            InputStream in = Channels.newInputStream(channel);
            String head = method + " /v1.41" + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\n") + "Content-Length: " + content.length
                    + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String status = HttpLines.read(in);
            int code = Integer.parseInt(status.substring(9, 12));
            boolean chunked = false;
            for (String h = HttpLines.read(in); !h.isEmpty(); h = HttpLines.read(in)) {
                chunked |= h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:") && h.contains("chunked");
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            if (chunked) {
                for (int size = HttpLines.chunkSize(in); size > 0; size = HttpLines.chunkSize(in)) {
                    answer.write(in.readNBytes(size));
                    HttpLines.read(in);
                }
            } else {
                answer.write(in.readAllBytes());
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            for (int e : expected) {
                if (e == code) {
                    return text;
                }
            }
            throw new IOException("engine answered " + method + " " + path + " with HTTP " + code + ": " + text);
        }
    }

    private static String labelsJson(java.util.Map<String, String> labels) {
        StringBuilder json = new StringBuilder("{");
        labels.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(quote(k)).append(':').append(quote(v)));
        return json.append('}').toString();
    }

    private static String quote(String s) {
        return JSON.writeValueAsString(s);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
