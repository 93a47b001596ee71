package io.mcpfleet.mimic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MimicOptionsTest {

    @Test
    void anEmptyEnvironmentGivesTheContainerDefaults() {

        MimicOptions options = MimicOptions.fromEnvironment(Map.of("HOSTNAME", "3f2a1b9c8d7e"));

        assertThat(options).isEqualTo(new MimicOptions(8000, "/mcp", "3f2a1b9c8d7e", Set.of(), Duration.ZERO, null,
                false, 2, false, "0.0.0.0"));
    }

    @Test
    void everyVariableIsRead() {
        Map<String, String> env = Map.of("PORT", "9001", "MIMIC_MCP_PATH", "/rpc", "MIMIC_ID", "m-7",
                "MIMIC_TOOLS", " echo, slow ,,", "MIMIC_STARTUP_DELAY_MS", "1500", "MIMIC_HEALTH_PATH", "/health",
                "MIMIC_STATELESS", "TRUE", "MIMIC_FAIL_EVERY", "0", "MIMIC_JSON_RESPONSE", "true",
                "MIMIC_BIND_ADDRESS", "127.0.0.1");

        MimicOptions options = MimicOptions.fromEnvironment(env);

        assertThat(options).isEqualTo(new MimicOptions(9001, "/rpc", "m-7", Set.of("echo", "slow"),
                Duration.ofMillis(1500), "/health", true, 0, true, "127.0.0.1"));
    }

    @Test
    void blankVariablesCountAsUnset() {

        MimicOptions options = MimicOptions.fromEnvironment(Map.of("MIMIC_ID", "a", "MIMIC_HEALTH_PATH", " ",
                "PORT", ""));

        assertThat(options.healthPath()).isNull();
        assertThat(options.port()).isEqualTo(8000);
    }

    @Test
    void aBadValueNamesItsVariable() {

        assertThatThrownBy(() -> MimicOptions.fromEnvironment(Map.of("MIMIC_ID", "a", "MIMIC_FAIL_EVERY", "often")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MIMIC_FAIL_EVERY")
                .hasMessageContaining("often");
        assertThatThrownBy(() -> MimicOptions.fromEnvironment(Map.of("MIMIC_ID", "a", "MIMIC_STATELESS", "yes")))
                .hasMessageContaining("MIMIC_STATELESS");
    }

    @Test
    void invalidOptionsAreRejectedWhereTheyAreSet() {
        MimicOptions defaults = MimicOptions.defaults();

        assertThatThrownBy(() -> defaults.withPort(70000)).hasMessageContaining("port");
        assertThatThrownBy(() -> defaults.withMcpPath("mcp")).hasMessageContaining("mcpPath");
        assertThatThrownBy(() -> defaults.withHealthPath("/mcp")).hasMessageContaining("healthPath");
        assertThatThrownBy(() -> defaults.withFailEvery(-1)).hasMessageContaining("failEvery");
        assertThatThrownBy(() -> defaults.withStartupDelay(Duration.ofMillis(-1))).hasMessageContaining("startupDelay");
    }

    @Test
    void theFirstConstructorStillWorksWithTestDefaultsForTheNewerFields() {

        MimicOptions options = new MimicOptions(0, "/mcp", "x", Set.of(), Duration.ZERO, null, false, 2);

        assertThat(options.jsonResponse()).isFalse();
        assertThat(options.bindAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void unknownToolsAndSessionToolsOfAStatelessMimicAreRefused() {

        assertThatThrownBy(() -> Mimic.start(MimicOptions.defaults().withTools("echo", "teleport")))
                .hasMessageContaining("teleport").hasMessageContaining("echo");
        assertThatThrownBy(() -> Mimic.start(MimicOptions.defaults().withStateless(true).withTools("progress")))
                .hasMessageContaining("progress").hasMessageContaining("stateless");
    }
}
