package io.mcpfleet.router.modern;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ModernGateTest {

    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"sampling\":{}}}";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}";

    private final ModernGate gate = new ModernGate(List.of("2025-11-25", "2025-06-18"), JsonMapper.shared());
    private final EnvelopeScanner scanner = new EnvelopeScanner(64);

    private Envelope message(String json) {
        return scanner.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    private static UnaryOperator<String> headers(String... pairs) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    @Test
    void initializeASessionOrA2025HeaderStayOnThe2025Path() {
        Envelope init = message("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{" + META + "}}");

        assertThat(gate.claims(headers(), init)).isFalse();
        assertThat(gate.claims(headers("MCP-Protocol-Version", "2025-11-25"), init)).isFalse();
        assertThat(gate.claims(headers("Mcp-Session-Id", "s", "MCP-Protocol-Version", "2024-01-01"), message(LIST)))
                .isFalse();
        assertThat(gate.claims(headers("MCP-Protocol-Version", "2025-11-25"), message(LIST))).isFalse();
        assertThat(gate.claims(headers(), message("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}"))).isFalse();
    }

    @Test
    void aModernOrUnknownVersionOrAMetaVersionIsTheModernPath() {
        assertThat(gate.claims(headers("mcp-protocol-version", "2026-07-28"), message(LIST))).isTrue();
        assertThat(gate.claims(headers("MCP-Protocol-Version", "1900-01-01"), message(LIST))).isTrue();
        assertThat(gate.claims(headers(), message(LIST))).isTrue();
        assertThat(gate.claims(headers("Mcp-Session-Id", "s", "MCP-Protocol-Version", "2026-07-28"), message(LIST)))
                .isTrue();
    }

    @Test
    void initializeAt2026IsTheModernPathsToRefuse() {
        Envelope init = message("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{" + META + "}}");

        assertThat(gate.claims(headers("MCP-Protocol-Version", "2026-07-28"), init)).isTrue();
    }

    @Test
    void anAdmittedRequestCarriesItsCapabilitiesAndClientInfo() {
        ModernGate.Admission admitted = gate.admit(headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
                "tools/list"), message(LIST));

        assertThat(admitted.refused()).isFalse();
        assertThat(admitted.request().capabilities()).isEqualTo("{\"sampling\":{}}");
        assertThat(admitted.request().clientInfo()).contains("unknown-client");
        assertThat(admitted.request().logLevel()).isNull();
    }

    @Test
    void aMetaLogLevelIsOneOfTheSpecificationsEightLevelsElseRefusedNamingThemInOrder() {
        String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/logLevel\":";
        UnaryOperator<String> modern = headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list");

        ModernGate.Admission notice = gate.admit(modern, message(list + "\"notice\"}}}"));
        ModernGate.Admission loud = gate.admit(modern, message(list + "\"loud\"}}}"));

        assertThat(notice.refused()).isFalse();
        assertThat(notice.request().logLevel()).isEqualTo("notice");
        assertThat(loud.status()).isEqualTo(400);
        assertThat(loud.errorText()).contains("-32602")
                .contains("[debug, info, notice, warning, error, critical, alert, emergency]");
    }

    @Test
    void aResponseFromAModernClientIsRefused() {
        ModernGate.Admission refused = gate.admit(headers("MCP-Protocol-Version", "2026-07-28"),
                message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorText()).contains("-32600");
    }
}
