package io.mcpfleet.router.it;

import io.mcpfleet.router.ToolRouterApplication;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A router of its own (own settings, own data directory, closed after the class) in front of an
 * {@link OwnFleet}. The subclass registers the fleet and hands the router its directory:
 *
 * <pre>{@code
 * @Import(MyIT.Directory.class)
 * class MyIT extends RouterOnOwnFleet {
 * @RegisterExtension
 * static final OwnFleet FLEET = OwnFleet.create().service("svc", o -> o, "svc-1");
 *
 * @TestConfiguration(proxyBeanMethods = false)
 * static class Directory extends OwnFleet.Directory {
 *     Directory() { super(FLEET); }
 * }
 * }</pre>
 */
@SpringBootTest(classes = ToolRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
public abstract class RouterOnOwnFleet {

    @LocalServerPort
    protected int port;

    private final List<McpSyncClient> clients = new ArrayList<>();

    @DynamicPropertySource
    static void ownDataDirectory(DynamicPropertyRegistry registry) {
        try {
            String dir = Files.createTempDirectory("router-own-fleet-").toString();
            registry.add("fleet.data-dir", () -> dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // No manager listens: only urgent activity reports go out.
        registry.add("fleet.activity.report-interval", () -> "1h");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(McpSyncClient::closeGracefully);
        clients.clear();
    }

    /** An initialised MCP SDK client of the router, closed after the test. */
    protected McpSyncClient client() {
        McpSyncClient client = initializedClient(port, spec -> spec);
        clients.add(client);
        return client;
    }

    /** An initialised MCP SDK client of the router on {@code port} (30 s per request), {@code customize}d. */
    static McpSyncClient initializedClient(int port, UnaryOperator<McpClient.SyncSpec> customize) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://localhost:" + port).endpoint("/mcp").build();
        McpSyncClient client = customize.apply(McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)))
                .build();
        client.initialize();
        return client;
    }

    /** The names {@code tools/list} gives, in order. */
    protected static List<String> toolNames(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    /** The text of a successful call's first content item. */
    protected static String text(McpSyncClient client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        if (Boolean.TRUE.equals(result.isError())) {
            throw new AssertionError(tool + " answered an error: " + result);
        }
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
