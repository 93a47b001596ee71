package io.mcpfleet.router.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptTest {

    @Test
    void matchesExactTypesWildcardsAndParameters() {
        assertThat(Accept.allows("application/json, text/event-stream", "text/event-stream")).isTrue();
        assertThat(Accept.allows("text/*;q=0.5", "text/event-stream")).isTrue();
        assertThat(Accept.allows("*/*", "application/json")).isTrue();
        assertThat(Accept.allows(null, "application/json")).isTrue();
        assertThat(Accept.allows("text/html", "application/json")).isFalse();
        assertThat(Accept.allows("application/json", "text/event-stream")).isFalse();
    }
}
