package io.mcpfleet.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The suite refuses what it would otherwise ignore, before it builds or starts anything. */
class BenchArgumentsTest {

    @Test
    void theArgumentsRunShPassesAreAccepted() {
        assertThatCode(() -> Bench.checkArguments("--repo=/r", "--java=java", "--fleet=bench-1", "--java-opts=",
                "--alt-java=/usr/bin/java", "--launch=args", "--smoke", "--only=startup,overhead,stdio"))
                .doesNotThrowAnyException();
    }

    @Test
    void anUnknownLaunchIsNamed() {
        assertThatThrownBy(() -> Bench.checkArguments("--launch=jars"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--launch=jars").hasMessageContaining("args (the default) or jar");
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertThatThrownBy(() -> Bench.checkArguments("--repo=/r", "--quick"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'--quick'").hasMessageContaining("--only=");
    }

    @Test
    void anUnknownScenarioIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> Bench.checkArguments("--only=overhead,wakes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'wakes'").hasMessageContaining("manager-wake");
    }
}
