package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> SLEEP = PolicyReader.SLEEP_POLICY;

    @Test
    void aTypoSuggestsTheClosestKey() {
        assertThat(Suggestions.closest("idle_timout", SLEEP)).hasValue("idle_timeout");
        assertThat(Suggestions.closest("enabeld", SLEEP)).hasValue("enabled");
    }

    @Test
    void camelCaseAndDashesFindTheSnakeCaseKey() {
        assertThat(Suggestions.closest("idleTimeout", SLEEP)).hasValue("idle_timeout");
        assertThat(Suggestions.closest("drain-timeout", SLEEP)).hasValue("drain_timeout");
    }

    @Test
    void anUnrelatedWordSuggestsNothing() {
        assertThat(Suggestions.closest("volumes", ServiceReader.KEYS)).isEmpty();
        assertThat(Suggestions.closest("x", SLEEP)).isEmpty();
    }
}
