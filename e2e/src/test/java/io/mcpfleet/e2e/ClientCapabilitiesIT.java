package io.mcpfleet.e2e;

import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.Root;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Elicitation and roots end to end: a client that declares both and answers them, the router, and
 * the reference server ({@code server-everything}, which offers its elicitation and roots tools
 * only to clients that declare those capabilities, and asks for roots outside any call). Once with
 * the service stateful (a backend session per client session, opened as that client), once
 * stateless (pooled sessions, one per set of capabilities clients can share: never roots).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientCapabilitiesIT {

    private static final Root PROJECT = new Root("file:///work/project", "project");

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              bound:
                image: %1$s
                port: 8000
              pooled:
                image: %1$s
                port: 8000
                mcp: {sessions: stateless}
            """.formatted(TestImages.reference())).build();

    /** A client that has roots and answers elicitations with a name, noting what it was asked. */
    private static McpSyncClient capableClient(List<ElicitFormRequest> asked) {
        return FLEET.client(spec -> spec
                .capabilities(ClientCapabilities.builder().roots(true).elicitation().build())
                .roots(PROJECT)
                .elicitation(request -> {
                    asked.add(request);
                    return new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("name", "Ada Lovelace"));
                }));
    }

    @Test
    void theCatalogListsToolsTheServerOffersOnlyToCapableClients() {
        FLEET.awaitTools("bound__trigger-elicitation-request", "bound__get-roots-list",
                "pooled__trigger-elicitation-request", "pooled__get-roots-list");

        assertThat(FLEET.toolNames()).contains("bound__echo", "pooled__echo");
    }

    /** Stateful: the client's own backend session. Stateless: a pooled session that declares elicitation. */
    @ParameterizedTest
    @ValueSource(strings = {"bound", "pooled"})
    void theServerElicitsFromTheCallingClient(String service) {
        FLEET.awaitTools(service + "__trigger-elicitation-request");
        List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
        McpSyncClient client = capableClient(asked);

        CallToolResult result = call(client, service + "__trigger-elicitation-request", Map.of());

        assertThat(asked).hasSize(1);
        assertThat(result.isError()).as(result.toString()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.toString()).contains("Ada Lovelace");
    }

    @Test
    void aStatefulServerGetsTheCallingClientsRoots() {
        FLEET.awaitTools("bound__get-roots-list");
        McpSyncClient client = capableClient(new CopyOnWriteArrayList<>());

        CallToolResult result = call(client, "bound__get-roots-list", Map.of());

        assertThat(result.isError()).as(result.toString()).isNotEqualTo(Boolean.TRUE);
        assertThat(text(result)).contains("file:///work/project");
    }

    @Test
    void aClientWithoutElicitationGoesThroughAPooledSessionThatDoesNotDeclareIt() {
        FLEET.awaitTools("pooled__trigger-elicitation-request");
        // A capable client's call first, so the pooled session with elicitation exists.
        call(capableClient(new CopyOnWriteArrayList<>()), "pooled__trigger-elicitation-request", Map.of());
        McpSyncClient plain = FLEET.client();

        CallToolResult result = call(plain, "pooled__trigger-elicitation-request", Map.of());

        assertThat(result.isError()).as(result.toString()).isTrue();
        assertThat(text(result)).contains("trigger-elicitation-request not found");
    }

    @Test
    void aStatelessServerIsNotOfferedTheClientsRootsThroughASharedSession() {
        FLEET.awaitTools("pooled__get-roots-list");
        McpSyncClient client = capableClient(new CopyOnWriteArrayList<>());

        CallToolResult result = call(client, "pooled__get-roots-list", Map.of());

        // Pooled sessions never declare roots (router.md, Sessions): the server does not offer the
        // tool there and says so at once, rather than asking a shared session for roots.
        assertThat(result.isError()).as(result.toString()).isTrue();
        assertThat(text(result)).contains("get-roots-list not found");
    }
}
