package io.mcpfleet.mimic;

import static io.mcpfleet.mimic.TestClients.callText;
import static io.mcpfleet.mimic.TestClients.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.modelcontextprotocol.client.McpSyncClient;

/** What the mimic shows on the HTTP level: health answers, protocol versions, SSE answers. */
class HttpSurfaceTest {

    static RunningMimic mimic;
    static RawMcp raw;

    @BeforeAll
    static void start() {
        mimic = Mimic.start(MimicOptions.defaults().withId("plain"));
        raw = RawMcp.to(mimic.mcpUrl());
    }

    @AfterAll
    static void stop() {
        mimic.close();
    }

    @Test
    void getOnTheMcpPathWithoutSessionAnswersBelow500LikeRealServers() {

        RawResponse answer = raw.get("/mcp");

        assertThat(answer.status()).isBetween(400, 499);
    }

    @Test
    void thereIsNoHealthPathUnlessAskedFor() {

        assertThat(raw.get("/health").status()).isEqualTo(404);
    }

    @Test
    void theHealthPathAnswersOkWhenSet() {
        try (RunningMimic healthy = Mimic.start(MimicOptions.defaults().withHealthPath("/healthz"))) {

            RawResponse answer = RawMcp.to(healthy.mcpUrl()).get("/healthz");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("ok");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25"})
    void clientsOfEachSupportedRevisionAreServed(String revision) {
        try (McpSyncClient client = connect(mimic, List.of(revision), spec -> spec)) {

            assertThat(client.getCurrentInitializationResult().protocolVersion()).isEqualTo(revision);
            assertThat(callText(client, "echo", Map.of("text", revision))).isEqualTo(revision);
        }
    }

    @Test
    void initializeIsAnsweredWithJsonAndToolCallsWithSse() {

        RawMcp.Session session = raw.initialize("2025-11-25");
        RawResponse echo = session.call("echo", "{\"text\":\"hi\"}");

        assertThat(session.initialized().contentType()).startsWith("application/json");
        assertThat(echo.contentType()).startsWith("text/event-stream");
        assertThat(echo.body()).contains("\"text\":\"hi\"");
    }

    @Test
    void anUnknownSessionIs404() {

        RawResponse answer = raw.session("no-such-session").call("echo", "{\"text\":\"hi\"}");

        assertThat(answer.status()).isEqualTo(404);
    }

    @Test
    void onlyTheChosenToolsAreOffered() {
        try (RunningMimic few = Mimic.start(MimicOptions.defaults().withTools("echo", "slow"));
             McpSyncClient client = connect(few)) {

            assertThat(client.listTools().tools()).extracting(t -> t.name()).containsExactlyInAnyOrder("echo", "slow");
        }
    }
}
