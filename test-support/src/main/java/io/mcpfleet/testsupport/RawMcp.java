package io.mcpfleet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MCP Streamable HTTP by hand, for what an SDK client hides: status codes, headers, the order of
 * SSE messages, error {@code data}. Works against the router or any MCP server (a mimic in this
 * JVM or in a container). Immutable and thread-safe; {@link #withHeader} gives a copy that sends
 * one more header on every request.
 *
 * <pre>{@code
 * RawMcp.Session session = RawMcp.to(mcpUrl).initialize();
 * RawResponse echoed = session.call("svc__echo", "{\"text\":\"hi\"}");
 * assertThat(echoed.text()).isEqualTo("hi");
 * }</pre>
 *
 * <p>A {@code Host} header needs {@code -Djdk.httpclient.allowRestrictedHeaders=host} at JVM start.
 * For bytes {@code java.net.http} refuses to send at all (broken framing, duplicate headers), use a
 * socket.
 */
public final class RawMcp {

    /** The protocol revision sessions are opened with unless one is named. */
    public static final String PROTOCOL = "2025-11-25";

    private static final HttpClient SHARED = newHttpClient();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI url;
    private final Map<String, String> headers;

    private RawMcp(HttpClient http, URI url, Map<String, String> headers) {
        this.http = http;
        this.url = url;
        this.headers = Map.copyOf(headers);
    }

    /** Requests to {@code mcpUrl} (e.g. {@code http://127.0.0.1:8080/mcp}). */
    public static RawMcp to(String mcpUrl) {
        return new RawMcp(SHARED, URI.create(mcpUrl), Map.of());
    }

    /** The same on its own HTTP client (its own connection pool), e.g. one per benchmark worker. */
    public RawMcp withOwnConnections() {
        return new RawMcp(newHttpClient(), url, headers);
    }

    public RawMcp withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RawMcp(http, url, more);
    }

    public RawMcp withBearer(String token) {
        return withHeader("Authorization", "Bearer " + token);
    }

    public URI url() {
        return url;
    }

    /**
     * POSTs a JSON-RPC body with the default {@code Accept} and {@code Content-Type} (unless given) and
     * this instance's headers, then {@code extraHeaders} as name, value pairs.
     */
    public RawResponse post(String body, String... extraHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Accept", "application/json, text/event-stream");
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            all.put(extraHeaders[i], extraHeaders[i + 1]);
        }
        all.forEach(request::setHeader);
        return send(request.build());
    }

    /** A GET of {@code path} on the same server (the MCP path, a health path), whatever the answer. */
    public RawResponse get(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
        headers.forEach(request::setHeader);
        return send(request.build());
    }

    /** {@code initialize} then {@code notifications/initialized}, at {@value #PROTOCOL}: a ready session. */
    public Session initialize() {
        return initialize(PROTOCOL);
    }

    /**
     * {@code initialize} at {@code protocolVersion}, then {@code notifications/initialized}. A server
     * that keeps no sessions (stateless) gives no {@code Mcp-Session-Id}: the session then has none.
     */
    public Session initialize(String protocolVersion) {
        RawResponse initialized = post(initializeBody(protocolVersion));
        if (initialized.status() != 200) {
            throw new AssertionError("initialize at " + url + " failed: " + initialized);
        }
        Session session = new Session(initialized.header("Mcp-Session-Id"), protocolVersion, initialized);
        session.notify("notifications/initialized");
        return session;
    }

    /** A session by id, as a client that holds that id would use it (an unknown or ended one, say). */
    public Session session(String id) {
        return new Session(id, PROTOCOL, null);
    }

    /** The body of an {@code initialize} request at {@value #PROTOCOL} of a client called "e2e". */
    public static String initializeBody() {
        return initializeBody(PROTOCOL);
    }

    /** The body of an {@code initialize} request at {@code protocolVersion} of a client called "e2e". */
    public static String initializeBody(String protocolVersion) {
        return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + protocolVersion + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"e2e\",\"version\":\"1\"}}}";
    }

    private RawResponse send(HttpRequest request) {
        try {
            return RawResponse.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    private static HttpClient newHttpClient() {
        // HTTP/1.1: what MCP clients and the router speak; h2c upgrade attempts would only add noise.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * One MCP session: its requests carry {@code Mcp-Session-Id} (when the server gave one) and
     * {@code MCP-Protocol-Version}.
     */
    public final class Session {

        private final String id;
        private final String protocolVersion;
        private final RawResponse initialized;
        private final AtomicLong nextId = new AtomicLong(1);

        private Session(String id, String protocolVersion, RawResponse initialized) {
            this.id = id;
            this.protocolVersion = protocolVersion;
            this.initialized = initialized;
        }

        /** The session id, or {@code null} from a server that keeps no sessions. */
        public String id() {
            return id;
        }

        /** The answer to this session's {@code initialize} ({@code null} for {@link RawMcp#session(String)}). */
        public RawResponse initialized() {
            return initialized;
        }

        /** {@code tools/call} of {@code tool} with {@code argumentsJson} (a JSON object). */
        public RawResponse call(String tool, String argumentsJson) {
            return request("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}");
        }

        /** {@code tools/call} asking for progress notifications under {@code progressToken}. */
        public RawResponse callWithProgress(String tool, String argumentsJson, String progressToken) {
            return request("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson
                    + ",\"_meta\":{\"progressToken\":\"" + progressToken + "\"}}");
        }

        /** A request with the next id; {@code paramsJson} may be null. */
        public RawResponse request(String method, String paramsJson) {
            return post("{\"jsonrpc\":\"2.0\",\"id\":" + nextId.getAndIncrement() + ",\"method\":\"" + method + "\""
                    + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}");
        }

        /** A notification (no id); servers answer 202. */
        public RawResponse notify(String method) {
            return post("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}");
        }

        /** Any JSON-RPC body, written by the test (its own ids, params, batches), in this session. */
        public RawResponse post(String body) {
            return RawMcp.this.post(body, sessionHeaders());
        }

        /** {@code DELETE}: ends the session; returns the HTTP status (204 from the router). */
        public int delete() {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).DELETE();
            headers.forEach(request::setHeader);
            String[] session = sessionHeaders();
            for (int i = 0; i < session.length; i += 2) {
                request.setHeader(session[i], session[i + 1]);
            }
            return send(request.build()).status();
        }

        private String[] sessionHeaders() {
            return id == null ? new String[] {"MCP-Protocol-Version", protocolVersion}
                    : new String[] {"Mcp-Session-Id", id, "MCP-Protocol-Version", protocolVersion};
        }
    }
}
