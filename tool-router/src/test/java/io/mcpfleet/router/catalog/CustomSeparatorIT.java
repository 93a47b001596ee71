package io.mcpfleet.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.ToolRouterApplication;
import io.mcpfleet.router.it.OwnFleet;
import io.mcpfleet.router.it.RouterOnOwnFleet;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code fleet.tools.separator} other than {@code __}, end to end: clients list and call
 * {@code <service>.<tool>}, also for a service whose name holds the other's and a hyphen. A
 * separator made only of characters service names may hold could make two services' tools one
 * name, so it stops start-up naming the property.
 */
@TestPropertySource(properties = "fleet.tools.separator=.")
@Import(CustomSeparatorIT.Directory.class)
@ExtendWith(OutputCaptureExtension.class)
class CustomSeparatorIT extends RouterOnOwnFleet {

    @RegisterExtension
    static final OwnFleet FLEET = OwnFleet.create()
            .service("web", o -> o.withTools("whoami", "echo"), "web-1")
            .service("web-search", o -> o.withTools("whoami"), "web-search-1");

    @TestConfiguration(proxyBeanMethods = false)
    static class Directory extends OwnFleet.Directory {
        Directory() {
            super(FLEET);
        }
    }

    @Test
    void toolsAreListedAndCalledWithTheConfiguredSeparator() {
        McpSyncClient client = client();

        await().until(() -> toolNames(client).size() == 3);

        assertThat(toolNames(client)).containsExactly("web-search.whoami", "web.echo", "web.whoami");
        assertThat(text(client, "web.whoami", Map.of())).isEqualTo("web-1");
        assertThat(text(client, "web-search.whoami", Map.of())).isEqualTo("web-search-1");
        assertThat(text(client, "web.echo", Map.of("text", "dotted"))).isEqualTo("dotted");
        assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("web__whoami", Map.of())))
                .isInstanceOf(McpError.class).hasMessageContaining("web__whoami");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "x", "-0-"})
    void aSeparatorMadeOfServiceNameCharactersStopsStartUpNamingTheProperty(String separator, CapturedOutput output) {
        SpringApplicationBuilder router = new SpringApplicationBuilder(ToolRouterApplication.class);

        assertThatThrownBy(() -> router.run("--server.port=0", "--fleet.tools.separator=" + separator).close())
                .hasStackTraceContaining("fleet.tools")
                .hasStackTraceContaining("separator");
        assertThat(output).contains("Property: fleet.tools.separator", "Value: \"" + separator + "\"",
                "Reason: must contain a character other than a-z, 0-9 and '-'");
    }
}
