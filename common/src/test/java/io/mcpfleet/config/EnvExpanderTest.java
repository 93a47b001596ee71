package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvExpanderTest {

    private final EnvExpander expander = new EnvExpander(Map.of("TOKEN", "abc", "EMPTY", "", "PORT", "9000"));

    @Test
    void setVariablesAreReplaced() {
        assertThat(expander.expand("Bearer ${TOKEN} on ${PORT}").value()).isEqualTo("Bearer abc on 9000");
    }

    @Test
    void defaultsApplyWhenTheVariableIsUnsetOrEmpty() {
        assertThat(expander.expand("${NOPE:-fallback}").value()).isEqualTo("fallback");
        assertThat(expander.expand("${EMPTY:-fallback}").value()).isEqualTo("fallback");
        assertThat(expander.expand("${TOKEN:-fallback}").value()).isEqualTo("abc");
        assertThat(expander.expand("${NOPE:-}").value()).isEmpty();
    }

    @Test
    void doubleDollarIsALiteralDollar() {
        assertThat(expander.expand("cost: $$5, $${TOKEN}").value()).isEqualTo("cost: $5, ${TOKEN}");
    }

    @Test
    void aLoneDollarIsKeptSoPatternsAndShellSnippetsPassThrough() {
        assertThat(expander.expand("^[a-z]+$").value()).isEqualTo("^[a-z]+$");
        assertThat(expander.expand("echo $HOME").value()).isEqualTo("echo $HOME");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAnError() {
        EnvExpander.Result result = expander.expand("${NOPE}");

        assertThat(result.errors()).singleElement().asString().contains("NOPE is not set").contains("${NOPE:-value}");
    }

    @Test
    void malformedReferencesAreErrors() {
        assertThat(expander.expand("${TOKEN").errors()).singleElement().asString().contains("not closed");
        assertThat(expander.expand("${1BAD}").errors()).singleElement().asString().contains("not a variable reference");
        assertThat(expander.expand("${}").errors()).singleElement().asString().contains("not a variable reference");
        assertThat(expander.expand("${A:?oops}").errors()).singleElement().asString().contains("${NAME:-default}");
    }
}
