package io.mcpfleet.router.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostAllowListTest {

    private final HostAllowList allow = new HostAllowList(List.of("tool-router, Gateway.Internal"));

    @Test
    void allowsLoopbackOnAnyPortAndConfiguredNames() {
        assertThat(allow.allowsHost("localhost:8080")).isTrue();
        assertThat(allow.allowsHost("127.0.0.1")).isTrue();
        assertThat(allow.allowsHost("[::1]:8080")).isTrue();
        assertThat(allow.allowsHost("tool-router:8080")).isTrue();
        assertThat(allow.allowsHost("gateway.internal")).isTrue();
        assertThat(allow.allowsOrigin(null)).isTrue();
        assertThat(allow.allowsOrigin("http://localhost:5173")).isTrue();
    }

    @Test
    void refusesEverythingElse() {
        assertThat(allow.allowsHost("evil.example")).isFalse();
        assertThat(allow.allowsHost("localhost.evil.example")).isFalse();
        assertThat(allow.allowsHost(null)).isFalse();
        assertThat(allow.allowsOrigin("http://evil.example")).isFalse();
        assertThat(allow.allowsOrigin("null")).isFalse();
    }
}
