package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** The default {@code mcp} probe against a real MCP server (the mimic) on the real engine. */
@ExtendWith(RemoveThisRunsContainers.class)
class McpProbeIT {

    private static String mimic;

    @BeforeAll
    static void images() {
        mimic = TestImages.mimic();
    }

    @Test
    void anMcpServerIsHealthyWhetherItAnswersJsonOrAnEventStream() {
        try (ManagerUnderTest m = new ManagerUnderTest("""
                services:
                  sse:
                    image: %1$s
                    port: 8000
                  json:
                    image: %1$s
                    port: 8000
                    environment: {MIMIC_JSON_RESPONSE: "true"}
                """.formatted(mimic), Map.of())) {

            HttpResponse<String> sse = m.post("/services/sse/start");
            HttpResponse<String> json = m.post("/services/json/start");

            assertThat(sse.statusCode()).as(sse.body()).isEqualTo(200);
            assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
            assertThat(m.state("sse")).isEqualTo("running");
            assertThat(m.state("json")).isEqualTo("running");
        }
    }

    @Test
    void aServerOfThe2026EraIsHealthyOnServerDiscover() {
        try (ManagerUnderTest m = new ManagerUnderTest("""
                services:
                  modern:
                    image: %s
                    port: 8000
                    environment: {MIMIC_MODERN: "true"}
                """.formatted(mimic), Map.of())) {

            HttpResponse<String> started = m.post("/services/modern/start");

            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            assertThat(m.state("modern")).isEqualTo("running");
        }
    }

    @Test
    void aServiceWithAWrongMcpPathNeverBecomesHealthyAndItsStatusSaysWhy() {
        try (ManagerUnderTest m = new ManagerUnderTest("""
                services:
                  wrong:
                    image: %s
                    port: 8000
                    mcp: {path: /wrong}
                    health: {startup_timeout: 20s}
                """.formatted(mimic), Map.of())) {
            // 20 s, not less: the last probe must be one the server answered (404), and on a loaded
            // machine the mimic's JVM may take several seconds before it answers anything.

            HttpResponse<String> started = m.post("/services/wrong/start?wait=false");

            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> String.valueOf(m.status("wrong").path("message").asString(null))
                            .contains("did not become healthy within 20 s"));
            JsonNode status = m.status("wrong");
            assertThat(status.path("message").asString()).contains("its last probe: HTTP 404 from /wrong");
            assertThat(status.path("state").asString()).isIn("starting", "failed");
            assertThat(status.path("instances")).allSatisfy(i -> assertThat(i.path("health").asString())
                    .isNotEqualTo("healthy"));
        }
    }
}
