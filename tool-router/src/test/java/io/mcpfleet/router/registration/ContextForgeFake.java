package io.mcpfleet.router.registration;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake of ContextForge's gateway API on 127.0.0.1, just as much as registration uses: GET, POST
 * and PUT {@code /gateways} with a required {@code Authorization} header. Like the real one, it can
 * connect back to a registered URL (an MCP {@code initialize} with the registration's bearer token)
 * before it answers a create or update, and answers 502 when that fails.
 */
final class ContextForgeFake implements AutoCloseable {

    /** One registered server, as the fake keeps it. */
    record Entry(String id, String name, String url, String transport, String authType, String authToken,
                 String description) {
    }

    /** A request as received: method, path with query, Authorization header, body. */
    record Request(String method, String path, String authorization, String body) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final String expectedAuthorization;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger unavailable = new AtomicInteger();
    private volatile int pageSize;
    private volatile boolean echoBodyOn422;
    private volatile boolean takeNameOnNextCreate;
    private volatile boolean reachBack;

    private ContextForgeFake(int port, String expectedAuthorization) throws IOException {
        this.expectedAuthorization = expectedAuthorization;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    static ContextForgeFake start(String expectedAuthorization) throws IOException {
        return new ContextForgeFake(0, expectedAuthorization);
    }

    /** On a given port: a gateway that comes up where the router has been knocking. */
    static ContextForgeFake startOn(int port, String expectedAuthorization) throws IOException {
        return new ContextForgeFake(port, expectedAuthorization);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void add(Entry entry) {
        entries.add(entry);
    }

    void forgetAll() {
        entries.clear();
    }

    /** The next n requests are answered 503, as a gateway that is still starting. */
    void unavailableFor(int n) {
        unavailable.set(n);
    }

    /** Lists in pages of this size with {@code nextCursor} (0: a plain array, the default). */
    void paginate(int size) {
        pageSize = size;
    }

    /** Answers creates and updates with 422 and the request echoed, as a validation error does. */
    void rejectEchoingTheRequest() {
        echoBodyOn422 = true;
    }

    /** The next create finds its name taken by another router that registered meanwhile. */
    void anotherRouterRegistersFirst() {
        takeNameOnNextCreate = true;
    }

    /** Before a create or update, initialize an MCP session with the registered URL and token. */
    void reachBack() {
        reachBack = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), auth, body));
        try {
            if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, 503, "{\"message\":\"starting\"}");
            } else if (!expectedAuthorization.equals(auth)) {
                respond(exchange, 401, "{\"detail\":\"Invalid authentication credentials\"}");
            } else {
                route(exchange, body);
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, "{\"message\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private void route(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if ("GET".equals(method) && "/gateways".equals(path)) {
            list(exchange);
        } else if ("POST".equals(method) && "/gateways".equals(path)) {
            write(exchange, null, body);
        } else if ("PUT".equals(method) && path.startsWith("/gateways/")) {
            String id = path.substring("/gateways/".length());
            if (entries.stream().noneMatch(e -> e.id().equals(id))) {
                respond(exchange, 404, "{\"message\":\"Gateway not found\"}");
            } else {
                write(exchange, id, body);
            }
        } else {
            respond(exchange, 404, "{\"detail\":\"Not Found\"}");
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        entries.forEach(e -> all.add(view(e)));
        if (pageSize == 0) {
            respond(exchange, 200, json.writeValueAsString(all));
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        int from = 0;
        for (String part : query == null ? new String[0] : query.split("&")) {
            if (part.startsWith("cursor=")) {
                from = Integer.parseInt(part.substring("cursor=".length()));
            }
        }
        int to = Math.min(all.size(), from + pageSize);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("gateways", all.subList(from, to));
        page.put("nextCursor", to < all.size() ? String.valueOf(to) : null);
        respond(exchange, 200, json.writeValueAsString(page));
    }

    private void write(HttpExchange exchange, String id, String body) throws IOException {
        if (echoBodyOn422) {
            respond(exchange, 422, json.writeValueAsString(Map.of("detail", "Value error in request with Authorization: "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " and body " + body)));
            return;
        }
        JsonNode in = json.readTree(body);
        Entry entry = new Entry(id == null ? UUID.randomUUID().toString() : id, in.path("name").asString(),
                in.path("url").asString(), in.path("transport").asString(null), in.path("auth_type").asString(null),
                in.path("auth_token").asString(null), in.path("description").asString(null));
        if (id == null && takeNameOnNextCreate) {
            takeNameOnNextCreate = false;
            entries.add(new Entry("other-router", entry.name(), entry.url(), entry.transport(), null, null, null));
            respond(exchange, 409, "{\"message\":\"Gateway name already exists\"}");
            return;
        }
        if (id == null && entries.stream().anyMatch(e -> e.name().equals(entry.name()))) {
            respond(exchange, 409, "{\"message\":\"Gateway name already exists\"}");
            return;
        }
        if (reachBack && !reachable(entry)) {
            respond(exchange, 502, "{\"message\":\"Unable to connect to gateway\"}");
            return;
        }
        entries.removeIf(e -> e.id().equals(entry.id()));
        entries.add(entry);
        respond(exchange, id == null ? 201 : 200, json.writeValueAsString(view(entry)));
    }

    /** What ContextForge does at registration: initialize an MCP session with the server. */
    private boolean reachable(Entry entry) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(entry.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                            + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                            + "\"clientInfo\":{\"name\":\"contextforge-fake\",\"version\":\"1\"}}}"));
            if ("bearer".equals(entry.authType())) {
                request.header("Authorization", "Bearer " + entry.authToken());
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("serverInfo");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, Object> view(Entry e) {
        // ContextForge masks stored credentials in what it lists; so does the fake.
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id());
        view.put("name", e.name());
        view.put("url", e.url());
        view.put("transport", e.transport());
        view.put("enabled", true);
        view.put("authType", e.authType());
        view.put("authValue", e.authType() == null ? null : "*****");
        return view;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
