package io.mcpfleet.mimic;

import static io.mcpfleet.mimic.TestClients.callText;
import static io.mcpfleet.mimic.TestClients.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;

/** With jsonResponse, calls of tools that send nothing first are answered application/json. */
class JsonResponseTest {

    static RunningMimic mimic;
    static RawMcp raw;

    @BeforeAll
    static void start() {
        mimic = Mimic.start(MimicOptions.defaults().withId("json").withJsonResponse(true));
        raw = new RawMcp(mimic);
    }

    @AfterAll
    static void stop() {
        mimic.close();
    }

    @Test
    void echoIsAnsweredWithPlainJson() {
        String session = raw.session();

        HttpResponse<String> echo = raw.callTool(session, 7, "echo", "{\"text\":\"fast\"}");

        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(RawMcp.contentType(echo)).startsWith("application/json");
        assertThat(echo.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":")
                .contains("\"text\":\"fast\"").contains("\"id\":\"json\"");
    }

    @Test
    void aJsonRpcErrorIsPlainJsonToo() {
        String session = raw.session();

        HttpResponse<String> error = raw.callTool(session, 8, "error", "{\"message\":\"nope\"}");

        assertThat(RawMcp.contentType(error)).startsWith("application/json");
        assertThat(error.body()).contains("\"code\":-32603").contains("\"message\":\"nope\"");
    }

    @Test
    void streamingToolsStillAnswerWithSse() {
        String session = raw.session();

        HttpResponse<String> progress = raw.callTool(session, 9, "progress", "{\"steps\":1,\"ms\":0}");

        assertThat(RawMcp.contentType(progress)).startsWith("text/event-stream");
    }

    @Test
    void unknownAndDeletedSessionsAreLeftToTheSdk() {
        String session = raw.session();

        HttpResponse<String> unknown = raw.callTool("no-such-session", 2, "echo", "{\"text\":\"hi\"}");
        HttpResponse<String> deleted = raw.delete(session);
        HttpResponse<String> afterDelete = raw.callTool(session, 3, "echo", "{\"text\":\"hi\"}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(afterDelete.statusCode()).isEqualTo(404);
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
