package io.mcpfleet.router.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModernMessagesTest {

    private static final String META = ModernMessages.metaMembers(new InitParams("2025-11-25", "{\"sampling\":{}}",
            "{\"name\":\"c\",\"version\":\"1\"}"));

    private static String withMeta(String message) {
        return new String(ModernMessages.withMeta(message.getBytes(StandardCharsets.UTF_8), META),
                StandardCharsets.UTF_8);
    }

    @Test
    void aLegacyCallGetsTheModernMetaBesideItsProgressToken() {
        String call = withMeta("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"_meta\":{\"progressToken\":\"p\"}}}");

        assertThat(call).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"_meta\":{" + META + ",\"progressToken\":\"p\"}}}");
    }

    @Test
    void metaAndParamsAreCreatedWhereMissing() {
        assertThat(withMeta("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"_meta\":{" + META
                        + "},\"name\":\"x\"}}");
        assertThat(withMeta("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{" + META
                        + "}}}");
        assertThat(withMeta("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{" + META
                        + "}}}");
    }

    @Test
    void aModernClientsOwnMetaIsLeftAsItIs() {
        String modern = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";

        assertThat(withMeta(modern)).isEqualTo(modern);
    }

    @Test
    void headersMirrorTheMethodAndTheNameEncodedWhenNeeded() {
        assertThat(ModernMessages.headers("{\"method\":\"tools/call\",\"params\":{\"name\":\"grüße\"}}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("Mcp-Method: tools/call\r\nMcp-Name: =?base64?Z3LDvMOfZQ==?=\r\n");
        assertThat(ModernMessages.headers("{\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a\"}}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("Mcp-Method: resources/read\r\nMcp-Name: file:///a\r\n");
        assertThat(ModernMessages.headers("{\"method\":\"tools/list\",\"params\":{\"name\":\"x\"}}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("Mcp-Method: tools/list\r\n");
    }
}
