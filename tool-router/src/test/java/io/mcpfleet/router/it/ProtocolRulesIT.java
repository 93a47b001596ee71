package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProtocolRulesIT extends RouterTestBase {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}";

    @Test
    void initializeIssuesARandomSessionIdAndNegotiatesTheVersion() {
        HttpResponse<String> older = post(init("2025-06-18"));
        HttpResponse<String> unknown = post(init("1999-01-01"));

        String id = older.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(id).matches("[A-Za-z0-9_-]{43}");
        assertThat(unknown.headers().firstValue("Mcp-Session-Id").orElseThrow()).isNotEqualTo(id);
        assertThat(answer(older).path("result").path("protocolVersion").asString()).isEqualTo("2025-06-18");
        assertThat(answer(unknown).path("result").path("protocolVersion").asString()).isEqualTo("2025-11-25");
        assertThat(answer(older).path("result").path("capabilities").path("tools").path("listChanged").asBoolean())
                .isTrue();
    }

    @Test
    void sessionHeaderRulesGive400And404() {
        String session = rawSession("2025-11-25");

        assertThat(post(PING).statusCode()).isEqualTo(400);
        assertThat(post(PING, "Mcp-Session-Id", "no-such-session").statusCode()).isEqualTo(404);
        assertThat(post(PING, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2024-01-01").statusCode())
                .isEqualTo(400);
        assertThat(answer(post(PING, "Mcp-Session-Id", session)).path("result").isObject()).isTrue();
    }

    @Test
    void deleteEndsTheSession() {
        String session = rawSession("2025-11-25");

        HttpResponse<String> delete = send(HttpRequest.newBuilder(URI.create(mcpUrl())).DELETE()
                .header("Mcp-Session-Id", session).build());

        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(post(PING, "Mcp-Session-Id", session).statusCode()).isEqualTo(404);
    }

    @Test
    void notificationsAndResponsesAreAccepted() {
        String session = rawSession("2025-11-25");

        assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}", "Mcp-Session-Id",
                session).statusCode()).isEqualTo(202);
        assertThat(post("{\"jsonrpc\":\"2.0\",\"id\":\"fleet-99\",\"result\":{}}", "Mcp-Session-Id", session)
                .statusCode()).isEqualTo(202);
    }

    @Test
    void acceptAndContentTypeRules() {
        String session = rawSession("2025-11-25");

        assertThat(post(PING, "Mcp-Session-Id", session, "Accept", "text/html").statusCode()).isEqualTo(406);
        assertThat(post(PING, "Mcp-Session-Id", session, "Content-Type", "text/plain").statusCode()).isEqualTo(415);
        HttpResponse<String> sseOnly = post(PING, "Mcp-Session-Id", session, "Accept", "text/event-stream");
        assertThat(sseOnly.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(send(HttpRequest.newBuilder(URI.create(mcpUrl())).GET().header("Accept", "application/json")
                .header("Mcp-Session-Id", session).build()).statusCode()).isEqualTo(406);
    }

    @Test
    void badInputGets4xxWithAJsonRpcError() {
        String session = rawSession("2025-11-25");

        HttpResponse<String> malformed = post("{\"jsonrpc\":", "Mcp-Session-Id", session);
        HttpResponse<String> deep = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":"
                + "[".repeat(100) + "]".repeat(100) + "}", "Mcp-Session-Id", session);
        HttpResponse<String> invalid = post("{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"ping\"}", "Mcp-Session-Id",
                session);
        HttpResponse<String> unknownMethod = post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"nope/nope\"}",
                "Mcp-Session-Id", session);
        HttpResponse<String> tooLarge = post("{\"x\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}", "Mcp-Session-Id",
                session);
        HttpResponse<String> unknownTool = callRaw(session, 6, "nope__nope", "{}", null);

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(answer(malformed).path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(answer(deep).path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(answer(invalid).path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(answer(invalid).path("id").asInt()).isEqualTo(4);
        assertThat(answer(unknownMethod).path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(answer(unknownTool).path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(answer(unknownTool).path("error").path("data").path("reason").asString()).isEqualTo("unknown_tool");
        assertThat(answer(unknownTool).path("error").path("data").path("retryable").asBoolean()).isFalse();
    }

    @Test
    void batchesAreServedIn20250326AndRefusedLater() {
        String old = rawSession("2025-03-26");
        String current = rawSession("2025-06-18");
        String batch = "[" + PING + ",{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]";

        HttpResponse<String> served = post(batch, "Mcp-Session-Id", old, "MCP-Protocol-Version", "2025-03-26");
        HttpResponse<String> refused = post(batch, "Mcp-Session-Id", current, "MCP-Protocol-Version", "2025-06-18");

        assertThat(messages(served)).extracting(m -> m.path("id").asInt()).containsExactly(9, 10);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(answer(refused).path("error").path("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void toolsListIsPaginatedWithAnOpaqueCursor() {
        String session = rawSession("2025-11-25");
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;

        do {
            String params = cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}";
            JsonNode result = answer(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":" + params
                    + "}", "Mcp-Session-Id", session)).path("result");
            result.path("tools").forEach(t -> names.add(t.path("name").asString()));
            cursor = result.path("nextCursor").asString(null);
            pages++;
        } while (cursor != null && pages < 100);

        Set<String> unique = new HashSet<>(names);
        assertThat(pages).isGreaterThan(3);
        assertThat(unique).hasSize(names.size()).contains("alpha__echo", "beta__whoami", "declared__lookup");
        assertThat(answer(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"!!\"}}",
                "Mcp-Session-Id", session)).path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void toolsOfServicesThatNeverRanAreListedFromTheirDeclarationOrLearnedByOneStart() {
        String session = rawSession("2025-11-25");

        org.awaitility.Awaitility.await().until(() -> listAll(session).contains("shy__echo"));

        // Each router context this JVM has started learns "shy" once (they share the fleet); listing
        // again must not start it again.
        int learned = fleet.directory.starts("shy");
        assertThat(listAll(session)).contains("declared__lookup", "sleepy__echo");
        assertThat(listAll(session)).contains("shy__echo");
        assertThat(fleet.directory.starts("declared")).isZero();
        assertThat(learned).isPositive();
        assertThat(fleet.directory.starts("shy")).isEqualTo(learned);
    }

    @Test
    void theRouterAnswersPingLoggingAndTheResourceAndPromptLists() {
        String session = rawSession("2025-11-25");

        JsonNode level = answer(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":"
                + "{\"level\":\"debug\"}}", "Mcp-Session-Id", session));
        JsonNode badLevel = answer(post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":"
                + "{\"level\":\"loud\"}}", "Mcp-Session-Id", session));
        JsonNode resources = answer(post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/list\"}",
                "Mcp-Session-Id", session));
        JsonNode prompts = answer(post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/list\"}",
                "Mcp-Session-Id", session));

        assertThat(level.path("result").isObject()).isTrue();
        assertThat(badLevel.path("error").path("code").asInt()).isEqualTo(-32602);
        // The fleet's, as the catalog knows them (PrimitivesIT checks them one by one).
        assertThat(resources.path("result").path("resources").isArray()).as(resources.toString()).isTrue();
        assertThat(prompts.path("result").path("prompts").isArray()).as(prompts.toString()).isTrue();
    }

    @Test
    void metricsAreExposedForPrometheus() {
        String session = rawSession("2025-11-25");
        callRaw(session, 1, "alpha__echo", "{\"text\":\"m\"}", null);

        String metrics = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .build()).body();

        assertThat(metrics).contains("fleet_router_calls_total{", "outcome=\"ok\"", "service=\"alpha\"",
                "tool=\"echo\"", "fleet_router_call_duration_seconds_bucket", "fleet_router_in_flight{",
                "fleet_router_held_calls{", "fleet_router_breakers{", "fleet_router_breaker_openings_total{")
                .doesNotContain("resilience4j_circuitbreaker");
    }

    private List<String> listAll(String session) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            String params = cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}";
            JsonNode result = answer(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":" + params
                    + "}", "Mcp-Session-Id", session)).path("result");
            result.path("tools").forEach(t -> names.add(t.path("name").asString()));
            cursor = result.path("nextCursor").asString(null);
        } while (cursor != null);
        return names;
    }

    private static String init(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    }
}
