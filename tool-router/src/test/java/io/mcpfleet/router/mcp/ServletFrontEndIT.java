package io.mcpfleet.router.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.it.RouterTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code router.front-end=servlet}: Tomcat alone on the public port, as before the front end (the
 * fallback and the A/B baseline), with the same answers.
 */
@TestPropertySource(properties = "router.front-end=servlet")
class ServletFrontEndIT extends RouterTestBase {

    @Autowired
    private WebServerApplicationContext context;

    @Test
    void tomcatServesThePortAndAnswersAsTheFrontEndDoes() {
        assertThat(context.getWebServer().getClass().getSimpleName()).isEqualTo("TomcatWebServer");
        assertThat(context.getWebServer().getPort()).isEqualTo(port);
        String session = rawSession("2025-11-25");
        try (Wire wire = new Wire(port)) {
            wire.write(Wire.mcpPost(session, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"alpha__echo\",\"arguments\":{\"text\":\"through tomcat\"}}}"),
                    Wire.mcpPost("unknown", "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}"),
                    Wire.request("GET", "/actuator/health", null));
            assertThat(wire.answer().body()).contains("through tomcat");
            assertThat(wire.answer().status()).isEqualTo(404);
            assertThat(wire.answer().status()).isEqualTo(200);
        }
    }
}
