package io.mcpfleet.e2e;

import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The router killed and started again (issue 7): clients' old sessions get 404 and a new
 * {@code initialize} works (the SDK client does it by itself), the catalog is kept, and a stopped
 * service whose tools the router had learned is listed without being started.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RouterRestartFaultIT {

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              awake:
                image: %1$s
                port: 8000
                auto_start: true
              # No tools declared: the router starts it once to learn them; the test then stops it.
              dozing:
                image: %1$s
                port: 8000
            """.formatted(TestImages.mimic())).build();

    @Test
    void oldSessionsGet404AndReinitializeTheCatalogIsKeptAndNothingIsWoken() {
        FLEET.awaitTools("awake__echo", "dozing__echo");
        FLEET.managerApi().stop("dozing");
        await("dozing stopped").atMost(Duration.ofSeconds(60)).until(() -> FLEET.containers().all("dozing").isEmpty());
        RawMcp.Session rawBefore = FLEET.raw().initialize();
        McpSyncClient sdkBefore = unmanagedClient();
        assertThat(text(call(sdkBefore, "awake__echo", Map.of("text", "before")))).isEqualTo("before");

        FLEET.restartRouter();
        RawResponse oldSession = rawBefore.call("awake__echo", "{\"text\":\"old\"}");
        RawResponse newSession = FLEET.raw().initialize().call("awake__echo", "{\"text\":\"new\"}");
        String sdkAfter = callOnceMore(sdkBefore);
        JsonNode listed = FLEET.tools().get("dozing__echo");

        assertThat(oldSession.status()).as(oldSession.toString()).isEqualTo(404);
        assertThat(oldSession.answer().path("error").path("message").asString()).contains("initialize");
        assertThat(newSession.text()).isEqualTo("new");
        assertThat(sdkAfter).as("the SDK client re-initialized by itself").isEqualTo("after");
        assertThat(listed).as("the stopped service's tool, from the kept catalog").isNotNull();
        await("nothing of dozing started").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> FLEET.containers().all("dozing").isEmpty());
        assertThat(FLEET.managerApi().status("dozing").state().wireName()).isEqualTo("stopped");
        sdkBefore.closeGracefully();
    }

    /**
     * The SDK client (2.1) fails the call that meets the 404 ("MCP session with server terminated")
     * and initializes a new session for the next one: what the specification asks of a client.
     */
    private static String callOnceMore(McpSyncClient client) {
        try {
            return text(call(client, "awake__echo", Map.of("text", "after")));
        } catch (RuntimeException sessionTerminated) {
            System.out.println("the SDK client's first call after the restart: " + sessionTerminated.getMessage());
            return text(call(client, "awake__echo", Map.of("text", "after")));
        }
    }

    /** An SDK client the harness does not close on restart, as a real client would outlive the router. */
    private static McpSyncClient unmanagedClient() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(FLEET.routerUrl())
                .endpoint("/mcp").build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }
}
