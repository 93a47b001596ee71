package io.mcpfleet.mimic;

import static io.mcpfleet.mimic.TestClients.callText;
import static io.mcpfleet.mimic.TestClients.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.modelcontextprotocol.client.McpSyncClient;

/** A stateless mimic: no Mcp-Session-Id, JSON answers, per-instance state. */
class StatelessTest {

    static RunningMimic mimic;
    static RawMcp raw;

    @BeforeAll
    static void start() {
        mimic = Mimic.start(MimicOptions.defaults().withId("pool").withStateless(true));
        raw = RawMcp.to(mimic.mcpUrl());
    }

    @AfterAll
    static void stop() {
        mimic.close();
    }

    @Test
    void servesWithoutSessionIds() {

        RawMcp.Session session = raw.initialize("2025-11-25");
        RawResponse echo = session.call("echo", "{\"text\":\"no session\"}");

        assertThat(session.id()).isNull();
        assertThat(echo.status()).isEqualTo(200);
        assertThat(echo.contentType()).startsWith("application/json");
        assertThat(echo.body()).contains("no session");
    }

    @Test
    void theCounterCountsPerInstance() {
        try (McpSyncClient first = connect(mimic); McpSyncClient second = connect(mimic)) {

            long a = Long.parseLong(callText(first, "counter", Map.of()));
            long b = Long.parseLong(callText(second, "counter", Map.of()));

            assertThat(b).isEqualTo(a + 1);
        }
    }

    @Test
    void toolsThatNeedASessionAreNotOffered() {
        try (McpSyncClient client = connect(mimic)) {

            assertThat(client.listTools().tools()).extracting(t -> t.name())
                    .contains("echo", "whoami", "slow", "flaky")
                    .doesNotContain("progress", "log", "sample", "elicit", "roots");
        }
    }
}
