package io.mcpfleet.mimic;

import static io.mcpfleet.mimic.TestClients.callText;
import static io.mcpfleet.mimic.TestClients.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.modelcontextprotocol.client.McpSyncClient;

/** With jsonResponse, calls of tools that send nothing first are answered application/json. */
class JsonResponseTest {

    static RunningMimic mimic;
    static RawMcp raw;

    @BeforeAll
    static void start() {
        mimic = Mimic.start(MimicOptions.defaults().withId("json").withJsonResponse(true));
        raw = RawMcp.to(mimic.mcpUrl());
    }

    @AfterAll
    static void stop() {
        mimic.close();
    }

    @Test
    void echoIsAnsweredWithPlainJson() {
        RawMcp.Session session = raw.initialize();

        RawResponse echo = session.call("echo", "{\"text\":\"fast\"}");

        assertThat(echo.status()).isEqualTo(200);
        assertThat(echo.contentType()).startsWith("application/json");
        assertThat(echo.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":")
                .contains("\"text\":\"fast\"").contains("\"id\":\"json\"");
    }

    @Test
    void aJsonRpcErrorIsPlainJsonToo() {
        RawMcp.Session session = raw.initialize();

        RawResponse error = session.call("error", "{\"message\":\"nope\"}");

        assertThat(error.contentType()).startsWith("application/json");
        assertThat(error.body()).contains("\"code\":-32603").contains("\"message\":\"nope\"");
    }

    @Test
    void streamingToolsStillAnswerWithSse() {
        RawMcp.Session session = raw.initialize();

        RawResponse progress = session.call("progress", "{\"steps\":1,\"ms\":0}");

        assertThat(progress.contentType()).startsWith("text/event-stream");
    }

    @Test
    void unknownAndDeletedSessionsAreLeftToTheSdk() {
        RawMcp.Session session = raw.initialize();

        RawResponse unknown = raw.session("no-such-session").call("echo", "{\"text\":\"hi\"}");
        int deleted = session.delete();
        RawResponse afterDelete = session.call("echo", "{\"text\":\"hi\"}");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(deleted).isEqualTo(200);
        assertThat(afterDelete.status()).isEqualTo(404);
    }

    @Test
    void theSdkClientWorksWithJsonAnswersAndSessionStateHolds() {
        try (McpSyncClient client = connect(mimic)) {

            List<String> counts = List.of(callText(client, "counter", Map.of()), callText(client, "counter", Map.of()));

            assertThat(counts).containsExactly("1", "2");
            assertThat(mimic.callsReceived("counter")).isGreaterThanOrEqualTo(2);
        }
    }
}
