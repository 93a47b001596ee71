package io.mcpfleet.e2e;

import io.mcpfleet.testsupport.RawResponse;
import io.mcpfleet.testsupport.RawMcp;
import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * stdio traffic crosses the manager: killed (kill -9) while a stdio server is busy, its calls in
 * flight fail with a retryable error; the restarted manager re-attaches to the running containers
 * without restarting them, and their state survives.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StdioRestartIT {

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              memory:
                image: %s
                transport: stdio
                auto_start: true
                sleep_policy: {enabled: false}
              echo:
                image: %s
                transport: stdio
                auto_start: true
                sleep_policy: {enabled: false}
            """.formatted(TestImages.stdioMemory(), TestImages.stdioEcho())).build();

    @Test
    void aRestartedManagerReattachesToBusyStdioServersWithoutRestartingThem() throws Exception {
        FLEET.awaitTools("memory__create_entities", "echo__slow");
        McpSyncClient client = FLEET.client();
        call(client, "memory__create_entities", Map.of("entities", List.of(Map.of("name", "survivor",
                "entityType", "test", "observations", List.of("kept in the server's memory")))));
        Map<String, String> startedBefore = started();
        RawMcp.Session session = FLEET.raw().initialize();
        CompletableFuture<RawResponse> busy = CompletableFuture.supplyAsync(() ->
                session.call("echo__slow", "{\"text\":\"never\",\"ms\":60000}"));
        Thread.sleep(1000);

        FLEET.restartManager();

        JsonNode error = busy.get(60, TimeUnit.SECONDS).answer().path("error");
        assertThat(error.path("data").path("retryable").asBoolean()).as(error.toString()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> !FLEET.managerApi().routableIds("memory").isEmpty()
                && !FLEET.managerApi().routableIds("echo").isEmpty());
        assertThat(started()).as("the same containers, not restarted").isEqualTo(startedBefore);
        McpSyncClient after = FLEET.client();
        assertThat(text(call(after, "memory__read_graph", Map.of()))).contains("survivor");
        assertThat(text(call(after, "echo__echo", Map.of("text", "back")))).isEqualTo("back");
        assertThat(text(call(client, "echo__echo", Map.of("text", "old session")))).isEqualTo("old session");
    }

    /** Each running container of the fleet by id, with when it started. */
    private static Map<String, String> started() {
        Map<String, String> started = new java.util.TreeMap<>();
        for (String service : List.of("memory", "echo")) {
            for (Container c : FLEET.containers().running(service)) {
                started.put(c.getId(), DockerTestSupport.client().inspectContainerCmd(c.getId()).exec().getState()
                        .getStartedAt());
            }
        }
        return started;
    }
}
