package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawModernMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * MCP 2026-07-28 clients on the router's one endpoint, beside 2025 sessions: raw requests for
 * the header and error rules, and the Java SDK 2.2.0 modern client, against the 2025 mimics of
 * {@link TestFleet}.
 */
class ModernClientsIT extends RouterTestBase {

    private static final String V = RawModernMcp.PROTOCOL;

    @Autowired
    MeterRegistry meters;

    @Autowired
    io.mcpfleet.router.catalog.Catalog catalog;

    @org.junit.jupiter.api.BeforeEach
    void learned() {
        awaitTools("alpha__echo", "beta__echo", "alpha__elicit");
    }

    private RawModernMcp modern() {
        return RawModernMcp.to(RawMcp.to(mcpUrl()));
    }

    private RawResponse raw(String body, String... headers) {
        return RawMcp.to(mcpUrl()).post(body, headers);
    }

    @Test
    void discoverNamesBothErasAndTheRouter() {
        JsonNode result = modern().request("server/discover", "", null).answer().path("result");

        assertThat(result.path("resultType").asString()).isEqualTo("complete");
        assertThat(result.path("supportedVersions").toString()).contains(V, "2025-11-25", "2025-03-26");
        assertThat(result.path("capabilities").path("tools").isObject()).isTrue();
        assertThat(result.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asString())
                .isEqualTo("mcp-fleet-tool-router");
        assertThat(result.path("ttlMs").asLong()).isPositive();
        assertThat(result.path("cacheScope").asString()).isEqualTo("public");
    }

    @Test
    void toolsListComesFromTheCatalogWithCacheHints() {
        RawResponse listed = modern().request("tools/list", "", null);

        JsonNode result = listed.answer().path("result");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.header("Mcp-Session-Id")).isNull();
        assertThat(result.path("resultType").asString()).isEqualTo("complete");
        assertThat(result.path("ttlMs").asLong()).isEqualTo(30_000);
        assertThat(result.path("cacheScope").asString()).isEqualTo("public");
        assertThat(result.path("tools").size()).isPositive();
    }

    @Test
    void toolsCallIsRoutedToStatefulAndStatelessServices() {
        RawResponse stateful = modern().call("alpha__echo", "{\"text\":\"hi\"}");
        RawResponse stateless = modern().call("beta__echo", "{\"text\":\"ho\"}");

        assertThat(stateful.text()).isEqualTo("hi");
        assertThat(stateless.text()).isEqualTo("ho");
        assertThat(stateful.answer().path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(stateless.answer().path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(stateful.header("Mcp-Session-Id")).isNull();
    }

    @Test
    void callsOfEachEraAreCountedWithTheirEra() {
        modern().call("beta__echo", "{\"text\":\"counted\"}");
        RawMcp.to(mcpUrl()).initialize().call("beta__echo", "{\"text\":\"counted\"}");

        assertThat(meters.get("fleet.router.requests").tags("era", "2026", "method", "tools/call").counter().count())
                .isPositive();
        assertThat(meters.get("fleet.router.requests").tags("era", "2025", "method", "tools/call").counter().count())
                .isPositive();
    }

    @Test
    void aModernCallWakesASleepingServiceAndHearsProgressWhileHeld() {
        RawResponse r = modern().callWithProgress("wakeful__echo", "{\"text\":\"up\"}", "w1");

        assertThat(r.text()).isEqualTo("up");
        assertThat(fleet.directory.starts("wakeful")).isEqualTo(1);
        assertThat(r.messages()).anySatisfy(m -> assertThat(m.path("method").asString())
                .isEqualTo("notifications/progress"));
    }

    @Test
    void aServerRequestToAModernClientIsRefusedToTheServerNotLeftHanging() {
        RawResponse r = modern().call("alpha__elicit", "{\"message\":\"name?\"}");

        JsonNode answer = r.answer();
        assertThat(r.messages()).noneSatisfy(m -> assertThat(m.path("method").asString())
                .isEqualTo("elicitation/create"));
        assertThat(answer.has("error") || answer.path("result").path("isError").asBoolean()).as(answer.toString())
                .isTrue();
    }

    @Test
    void anUnknownToolIsAJsonRpcErrorAsIn2025() {
        JsonNode answer = modern().call("nosuch__tool", "{}").answer();

        assertThat(answer.path("error").path("data").path("reason").asString()).isEqualTo("unknown_tool");
    }

    @Test
    void aNonAsciiNameIsComparedAfterDecodingItsBase64() {
        String body = RawModernMcp.body(5, "tools/call", "\"name\":\"gr\u00fc\u00dfe\",\"arguments\":{}");

        RawResponse plainWrong = raw(body, "MCP-Protocol-Version", V, "Mcp-Method", "tools/call", "Mcp-Name", "grusse");
        RawResponse encoded = raw(body, "MCP-Protocol-Version", V, "Mcp-Method", "tools/call", "Mcp-Name",
                "=?base64?Z3LDvMOfZQ==?=");

        assertThat(plainWrong.status()).isEqualTo(400);
        assertThat(plainWrong.answer().path("error").path("code").asInt()).isEqualTo(-32020);
        // The header agrees with the body: the call is routed, and the tool is unknown.
        assertThat(encoded.status()).isEqualTo(200);
        assertThat(encoded.answer().path("error").path("data").path("reason").asString()).isEqualTo("unknown_tool");
    }

    @Test
    void headersThatDisagreeWithTheBodyAre400HeaderMismatch() {
        String call = RawModernMcp.body(7, "tools/call", "\"name\":\"beta__echo\",\"arguments\":{\"text\":\"x\"}");

        RawResponse noMethod = raw(call, "MCP-Protocol-Version", V, "Mcp-Name", "beta__echo");
        RawResponse otherMethod = raw(call, "MCP-Protocol-Version", V, "Mcp-Method", "tools/list", "Mcp-Name",
                "beta__echo");
        RawResponse noName = raw(call, "MCP-Protocol-Version", V, "Mcp-Method", "tools/call");
        RawResponse otherName = raw(call, "MCP-Protocol-Version", V, "Mcp-Method", "tools/call", "Mcp-Name",
                "alpha__echo");
        RawResponse noVersionHeader = raw(call, "Mcp-Method", "tools/call", "Mcp-Name", "beta__echo");
        RawResponse otherVersion = raw(call, "MCP-Protocol-Version", "2026-12-31", "Mcp-Method", "tools/call",
                "Mcp-Name", "beta__echo");

        for (RawResponse r : new RawResponse[] {noMethod, otherMethod, noName, otherName, noVersionHeader,
                otherVersion}) {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.answer().path("error").path("code").asInt()).as(r.toString()).isEqualTo(-32020);
            assertThat(r.answer().path("id").asInt()).isEqualTo(7);
        }
        assertThat(otherName.answer().path("error").path("message").asString()).contains("alpha__echo", "beta__echo");
    }

    @Test
    void anUnknownVersionListsWhatIsSupported() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"1900-01-01\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";

        RawResponse r = raw(body, "MCP-Protocol-Version", "1900-01-01", "Mcp-Method", "tools/list");

        assertThat(r.status()).isEqualTo(400);
        JsonNode error = r.answer().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32022);
        assertThat(error.path("data").path("requested").asString()).isEqualTo("1900-01-01");
        assertThat(error.path("data").path("supported").toString()).contains(V, "2025-11-25");
    }

    @Test
    void aModernRequestWithASessionIdIsRefused() {
        String session = rawSession("2025-11-25");

        RawResponse r = raw(RawModernMcp.body(3, "tools/list", ""), "MCP-Protocol-Version", V, "Mcp-Method",
                "tools/list", "Mcp-Session-Id", session);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.answer().path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(r.answer().path("error").path("message").asString()).contains("no sessions");
    }

    @Test
    void absurdMetaIsInvalidParams() {
        String metaNotObject = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":5}}";
        String noCapabilities = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"" + V + "\"}}}";
        String versionNotString = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":[1,2],"
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        String badLevel = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"" + V + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/logLevel\":\"loud\"}}}";

        for (String body : new String[] {metaNotObject, noCapabilities, versionNotString, badLevel}) {
            RawResponse r = raw(body, "MCP-Protocol-Version", V, "Mcp-Method", "tools/list");
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.answer().path("error").path("code").asInt()).as(r.toString()).isEqualTo(-32602);
        }
    }

    @Test
    void removedAndUnknownMethodsAre404MethodNotFound() {
        RawResponse ping = modern().request("ping", "", null);
        RawResponse setLevel = modern().request("logging/setLevel", "\"level\":\"info\"", null);
        RawResponse unknown = modern().request("no/such", "", null);

        for (RawResponse r : new RawResponse[] {ping, setLevel, unknown}) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.answer().path("error").path("code").asInt()).isEqualTo(-32601);
        }
        assertThat(ping.answer().path("error").path("message").asString()).contains("2026-07-28");
    }

    @Test
    void the2025PathIsUnchangedBesideIt() {
        RawMcp.Session session = RawMcp.to(mcpUrl()).initialize();

        RawResponse called = session.call("alpha__echo", "{\"text\":\"old\"}");
        RawResponse noSession = raw("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}");

        assertThat(called.text()).isEqualTo("old");
        assertThat(called.answer().path("result").has("resultType")).isFalse();
        assertThat(noSession.status()).isEqualTo(400);
        assertThat(noSession.answer().path("error").path("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void theJavaSdkModernClientDiscoversListsAndCalls() {
        McpSyncClient client = McpClient.sync(HttpClientMcpTransport.builder(mcpUrl()).build())
                .clientInfo(McpSchema.Implementation.builder("java-sdk-modern", "2.2.0").build()).build();

        McpSchema.DiscoverResult discovered = client.discover();
        McpSchema.ListToolsResult tools = client.tools().list();
        McpSchema.CallToolResult stateful = client.tool("alpha__echo").arguments(Map.of("text", "sdk")).call();
        McpSchema.CallToolResult stateless = client.tool("beta__echo").arguments(Map.of("text", "sdk2")).call();

        assertThat(discovered.supportedVersions()).contains(V);
        // One page (the tests' page size is 7), its cursor for the next.
        assertThat(tools.tools()).extracting(McpSchema.Tool::name).contains("alpha__echo");
        assertThat(tools.nextCursor()).isNotNull();
        assertThat(tools.ttlMs()).isEqualTo(30_000L);
        assertThat(((McpSchema.TextContent) stateful.content().get(0)).text()).isEqualTo("sdk");
        assertThat(((McpSchema.TextContent) stateless.content().get(0)).text()).isEqualTo("sdk2");
    }

    @Test
    void aListenStreamIsAcknowledgedAndCarriesToolsListChangedWithItsSubscriptionId() throws Exception {
        String body = RawModernMcp.body(42, "subscriptions/listen", "\"notifications\":{\"toolsListChanged\":true,"
                + "\"promptsListChanged\":true}");
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(mcpUrl()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", V).header("Mcp-Method", "subscriptions/listen")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        java.util.concurrent.BlockingQueue<String> data = new java.util.concurrent.LinkedBlockingQueue<>();
        var response = http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.fromLineSubscriber(
                new java.util.concurrent.Flow.Subscriber<String>() {
                    @Override
                    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        if (line.startsWith("data:")) {
                            data.add(line.substring(5).strip());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onComplete() {
                    }
                }));
        JsonNode ack = JSON.readTree(data.poll(10, java.util.concurrent.TimeUnit.SECONDS));
        java.util.List<tools.jackson.databind.JsonNode> before = java.util.List.of(
                JSON.readTree("{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}}"));
        java.util.List<tools.jackson.databind.JsonNode> more = java.util.List.of(before.get(0),
                JSON.readTree("{\"name\":\"listened\",\"inputSchema\":{\"type\":\"object\"}}"));
        JsonNode changed;
        try {
            catalog.learned("wakeful", io.mcpfleet.router.catalog.Listing.ofTools(more));
            changed = JSON.readTree(data.poll(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            catalog.learned("wakeful", io.mcpfleet.router.catalog.Listing.ofTools(before));
            response.cancel(true);
        }

        assertThat(ack.path("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");
        assertThat(ack.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId").asInt()).isEqualTo(42);
        assertThat(ack.path("params").path("notifications").path("toolsListChanged").asBoolean()).isTrue();
        assertThat(ack.path("params").path("notifications").path("promptsListChanged").asBoolean()).isTrue();
        assertThat(changed.path("method").asString()).isEqualTo("notifications/tools/list_changed");
        assertThat(changed.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId").asInt())
                .isEqualTo(42);
    }
}
