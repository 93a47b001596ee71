package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawModernMcp;
import io.mcpfleet.testsupport.RawResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Log levels on their way to a 2026-07-28 server ({@code novel}, a modern mimic whose
 * {@code log_meta} logs at the level its request's {@code _meta} names and says which it saw): a
 * modern client's {@code io.modelcontextprotocol/logLevel} and a 2025 session's
 * {@code logging/setLevel} both reach it in the forwarded request's {@code _meta}, and its
 * {@code notifications/message} reach the client on the request's stream.
 */
class ModernLoggingIT extends RouterTestBase {

    private static final String TOOL = "novel__log_meta";

    @BeforeEach
    void learned() {
        awaitTools(TOOL);
    }

    private RawResponse modernCall(String metaMembers) {
        String body = RawModernMcp.body(7, "tools/call", "\"name\":\"" + TOOL + "\",\"arguments\":{}", metaMembers);
        return RawMcp.to(mcpUrl()).post(body, "MCP-Protocol-Version", RawModernMcp.PROTOCOL, "Mcp-Method",
                "tools/call", "Mcp-Name", TOOL);
    }

    @Test
    void aModernClientsLogLevelReachesAModernServerAndItsMessagesComeBack() {
        RawResponse r = modernCall("\"io.modelcontextprotocol/logLevel\":\"debug\"");

        assertThat(r.text()).isEqualTo("level debug");
        assertThat(r.messages()).anySatisfy(m -> {
            assertThat(m.path("method").asString()).isEqualTo("notifications/message");
            assertThat(m.path("params").path("level").asString()).isEqualTo("debug");
        });
    }

    @Test
    void withoutALogLevelTheServerSeesNoneAndSendsNothing() {
        RawResponse r = modernCall("");

        assertThat(r.text()).isEqualTo("level none");
        assertThat(r.messages()).noneSatisfy(m -> assertThat(m.path("method").asString())
                .isEqualTo("notifications/message"));
    }

    @Test
    void a2025SessionsLevelReachesAModernServer() {
        RawMcp.Session session = RawMcp.to(mcpUrl()).initialize();
        session.initialized();
        session.request("logging/setLevel", "{\"level\":\"warning\"}");

        RawResponse r = session.call(TOOL, "{}");

        assertThat(r.text()).isEqualTo("level warning");
        assertThat(r.messages()).anySatisfy(m -> assertThat(m.path("method").asString())
                .isEqualTo("notifications/message"));
    }
}
