package io.mcpfleet.router.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTextTest {

    @Test
    void controlCharactersAreEscaped() {
        assertThat(ClientText.safe("a\r\nb\u0000c")).isEqualTo("a\\u000d\\u000ab\\u0000c");
    }

    @Test
    void longTextIsClippedWithItsLength() {
        String safe = ClientText.safe("x".repeat(100_000));

        assertThat(safe).startsWith("x".repeat(ClientText.MAX_LENGTH)).endsWith("... (100000 characters)");
    }

    @Test
    void ordinaryNamesAreKeptAsTheyAre() {
        assertThat(ClientText.safe("github__search_issues")).isEqualTo("github__search_issues");
        assertThat(ClientText.safe(null)).isNull();
    }
}
