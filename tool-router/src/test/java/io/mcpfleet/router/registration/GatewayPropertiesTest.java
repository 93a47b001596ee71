package io.mcpfleet.router.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which settings turn registration on, which are refused, and what they print. */
class GatewayPropertiesTest {

    @Test
    void registrationNeedsAUrlAndCredentials() {
        assertThat(settings(null, "t", null, null).enabled()).isFalse();
        assertThat(settings("http://gateway:4444", null, null, null).enabled()).isFalse();
        assertThat(settings(" ", "t", null, null).enabled()).isFalse();
        assertThat(settings("http://gateway:4444", "t", null, null).enabled()).isTrue();
        assertThat(settings("http://gateway:4444", "", "u", "p").enabled()).isTrue();
    }

    @Test
    void inconsistentSettingsAreRefusedNamingTheKeys() {
        assertThatThrownBy(() -> settings("http://gateway:4444", null, "admin", null))
                .hasMessageContaining("fleet.gateway.username and fleet.gateway.password");
        assertThatThrownBy(() -> settings("http://gateway:4444", "t", "admin", "pw"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new GatewayProperties("http://gateway:4444", "t", null, null, null, "mcp-fleet", "",
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ZERO))
                .hasMessageContaining("fleet.gateway.advertised-url");
        assertThatThrownBy(() -> settings("gateway:4444", "t", null, null))
                .hasMessageContaining("fleet.gateway.url").hasMessageContaining("http(s) URL");
    }

    @Test
    void secretsStayOutOfItsPrintedForm() {
        GatewayProperties basic = settings("http://admin:pw-1@gateway:4444", null, "admin", "pw-1");
        GatewayProperties token = settings("http://gateway:4444", "tok-1", null, null);

        assertThat(basic.toString()).doesNotContain("pw-1").contains("http://gateway:4444");
        assertThat(basic.safeUrl()).isEqualTo("http://gateway:4444");
        assertThat(token.toString()).doesNotContain("tok-1");
    }

    private static GatewayProperties settings(String url, String token, String user, String password) {
        return new GatewayProperties(url, token, user, password, "http://tool-router:8080/mcp", "mcp-fleet", "",
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ZERO);
    }
}
