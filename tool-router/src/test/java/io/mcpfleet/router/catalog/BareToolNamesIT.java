package io.mcpfleet.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.it.OwnFleet;
import io.mcpfleet.router.it.RouterOnOwnFleet;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code fleet.tools.prefix=none} with real mimics behind the router: tools keep their own names,
 * and when two services offer the same name the first service by name owns it, whichever was
 * learned first; the other's tool is not reachable, and a warning names both (docs/router.md).
 */
@TestPropertySource(properties = "fleet.tools.prefix=none")
@Import(BareToolNamesIT.Directory.class)
@ExtendWith(OutputCaptureExtension.class)
class BareToolNamesIT extends RouterOnOwnFleet {

    @RegisterExtension
    static final OwnFleet FLEET = OwnFleet.create()
            // running from the start, so learned first
            .service("zebra", o -> o.withTools("whoami", "big"), "zebra-1")
            // known to the manager, not running: the test publishes its instance, so it is learned second
            .service("aardvark", o -> o);

    @TestConfiguration(proxyBeanMethods = false)
    static class Directory extends OwnFleet.Directory {
        Directory() {
            super(FLEET);
        }
    }

    @Test
    void aNameTwoServicesOfferBelongsToTheFirstServiceByNameWhicheverWasLearnedFirst(CapturedOutput output) {
        McpSyncClient client = client();
        await().until(() -> toolNames(client).containsAll(List.of("whoami", "big")));
        assertThat(text(client, "whoami", Map.of())).isEqualTo("zebra-1");
        FLEET.mimic("aardvark-1", o -> o.withTools("whoami", "echo"));

        FLEET.publish("aardvark", "aardvark-1");

        await().until(() -> toolNames(client).contains("echo"));
        assertThat(toolNames(client)).containsExactly("big", "echo", "whoami");
        assertThat(text(client, "whoami", Map.of())).isEqualTo("aardvark-1");
        assertThat(text(client, "big", Map.of("kb", 1))).hasSize(1024);
        assertThat(output).contains("tool name whoami is offered by services [aardvark, zebra]; only aardvark is "
                + "reachable under that name");
        assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("zebra__whoami", Map.of())))
                .isInstanceOf(McpError.class).hasMessageContaining("zebra__whoami");
    }
}
