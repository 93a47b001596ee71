package io.mcpfleet.router.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.it.RouterTestBase;
import io.mcpfleet.router.it.RouterTestConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SessionExpiryIT extends RouterTestBase {

    @Autowired
    SessionRegistry registry;

    @Test
    void anIdleSessionExpiresAndThenAnswers404() {
        String session = rawSession("2025-11-25");

        RouterTestConfiguration.CLOCK.advance(Duration.ofMinutes(31));
        registry.expireIdle();

        assertThat(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", session).statusCode())
                .isEqualTo(404);
    }
}
