package io.mcpfleet.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.upstream.InitParams;
import org.junit.jupiter.api.Test;

/** What a pooled session may declare for the clients behind it. */
class PooledCapabilitiesTest {

    @Test
    void samplingAndElicitationAreSharedWithTheirKnownFlagsRootsAndTheRestNever() {
        InitParams pooled = PooledCapabilities.of("{\"roots\":{\"listChanged\":true},\"experimental\":{\"x\":{}},"
                + "\"tasks\":{\"requests\":{}},\"sampling\":{\"tools\":{},\"odd\":{}},"
                + "\"elicitation\":{\"url\":{},\"form\":{},\"future\":{}}}");

        assertThat(pooled.capabilities()).isEqualTo("{\"elicitation\":{\"form\":{},\"url\":{}},\"sampling\":{\"tools\":{}}}");
        assertThat(pooled.clientInfo()).contains("mcp-fleet-tool-router");
    }

    @Test
    void clientsWithTheSameShareableSetGetTheSameParameters() {
        InitParams a = PooledCapabilities.of("{\"elicitation\":{},\"roots\":{}}");
        InitParams b = PooledCapabilities.of("{\"roots\":{\"listChanged\":true},\"elicitation\":{}}");

        assertThat(a).isSameAs(b);
        assertThat(a.capabilities()).isEqualTo("{\"elicitation\":{}}");
    }

    @Test
    void aClientWithNothingToShareGetsAPlainSession() {
        assertThat(PooledCapabilities.of("{\"roots\":{}}").capabilities()).isEqualTo("{}");
        assertThat(PooledCapabilities.of("{}").capabilities()).isEqualTo("{}");
        assertThat(PooledCapabilities.of("{\"sampling\":true}").capabilities()).isEqualTo("{}");
    }
}
