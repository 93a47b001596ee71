package io.mcpfleet.router.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The head of a backend POST: the API token goes only where the caller says (the manager's bridge). */
class RequestHeadTest {

    private static final URI BRIDGE = URI.create("http://localhost:9000/bridge/memory/c0ffee/mcp");

    private static String head(RequestHead head) {
        return new String(head.bytes(2), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theBridgesHeadCarriesTheAuthorization() {
        String head = head(RequestHead.of(BRIDGE, "s-1", "2025-11-25", "Bearer secret"));

        assertThat(head).startsWith("POST /bridge/memory/c0ffee/mcp HTTP/1.1\r\nHost: localhost:9000\r\n")
                .contains("Authorization: Bearer secret\r\n").contains("Mcp-Session-Id: s-1\r\n")
                .endsWith("Content-Length: 2\r\n\r\n");
    }

    @Test
    void anOrdinaryBackendGetsNoAuthorization() {
        assertThat(head(RequestHead.of(BRIDGE, "s-1", "2025-11-25"))).doesNotContain("Authorization");
    }
}
