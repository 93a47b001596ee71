package io.mcpfleet.router.it;

import io.mcpfleet.router.ToolRouterApplication;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One router context for the integration tests: the real router on a random port in front of
 * {@link TestFleet}, driven by the MCP SDK client over HTTP and by raw HTTP requests.
 */
@SpringBootTest(classes = ToolRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RouterTestConfiguration.class)
public abstract class RouterTestBase {

    static final Path DATA_DIR = tempDir();

    @LocalServerPort
    protected int port;

    protected final TestFleet fleet = TestFleet.get();
    protected final HttpClient http = HttpClient.newHttpClient();
    private final List<McpSyncClient> clients = new ArrayList<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("fleet.data-dir", DATA_DIR::toString);
        registry.add("fleet.breaker.minimum-calls", () -> "4");
        registry.add("fleet.breaker.sliding-window-size", () -> "4");
        registry.add("fleet.breaker.wait-in-open-state", () -> "1h");
        registry.add("fleet.backend.wake-progress-interval", () -> "100ms");
        registry.add("fleet.tools.page-size", () -> "7");
        // Only urgent reports (a drain, the last call on a draining instance) go out during the tests.
        registry.add("fleet.activity.report-interval", () -> "1h");
    }

    @org.springframework.beans.factory.annotation.Autowired
    private io.mcpfleet.router.catalog.Catalog catalog;
    @org.springframework.beans.factory.annotation.Autowired
    private io.mcpfleet.router.discovery.FleetView fleetView;
    private static final java.util.Set<Object> LEARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Once per router context: waits until the catalog has learned every service that runs, since
     * the router learns them in the background after start and a test class that runs first must
     * not call before (it would get unknown_tool).
     */
    @org.junit.jupiter.api.BeforeEach
    void awaitCatalog() {
        if (LEARNED.contains(catalog)) {
            return;
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> fleetView.services()
                .stream().filter(s -> !s.instances().isEmpty()).allMatch(catalog::knowsToolsOf));
        LEARNED.add(catalog);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(McpSyncClient::closeGracefully);
        clients.clear();
    }

    protected String mcpUrl() {
        return "http://localhost:" + port + "/mcp";
    }

    protected McpSyncClient client() {
        return client(b -> b);
    }

    protected McpSyncClient client(UnaryOperator<McpClient.SyncSpec> customize) {
        McpSyncClient client = RouterOnOwnFleet.initializedClient(port, customize);
        clients.add(client);
        return client;
    }

    protected static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    protected static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    /** A raw POST to the router ({@link RawMcp#post}: JSON and SSE accepted unless the headers say otherwise). */
    protected HttpResponse<String> post(String body, String... headers) {
        return RawMcp.to(mcpUrl()).post(body, headers).http();
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the router lists these tools: it learns running services' catalogs in the
     * background after start, so a test class that runs first must not call before.
     */
    protected void awaitTools(String... tools) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            java.util.Set<String> missing = new java.util.HashSet<>(List.of(tools));
            McpSyncClient lister = client();
            String cursor = null;
            do {
                McpSchema.ListToolsResult page = lister.listTools(cursor);
                page.tools().forEach(t -> missing.remove(t.name()));
                cursor = page.nextCursor();
            } while (cursor != null && !missing.isEmpty());
            return missing.isEmpty();
        });
    }

    /** Initialises a raw session and returns its id. */
    protected String rawSession(String version) {
        return RawMcp.to(mcpUrl()).initialize(version).id();
    }

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /** The JSON-RPC messages of a response, whether it came as JSON or as an SSE stream. */
    protected static List<JsonNode> messages(HttpResponse<String> r) {
        return RawResponse.of(r).messages();
    }

    /** The last message of a response (its JSON-RPC response). */
    protected static JsonNode answer(HttpResponse<String> r) {
        return RawResponse.of(r).answer();
    }

    /** A raw tools/call in a raw session. */
    protected HttpResponse<String> callRaw(String session, Object id, String tool, String argsJson, String metaJson) {
        String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        return post("{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + argsJson + (metaJson == null ? "" : ",\"_meta\":" + metaJson) + "}}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("router-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
