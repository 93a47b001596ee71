package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContainerStopTest {

    @Test
    void graceIsRoundedUpToWholeSecondsAndCapped() {
        assertThat(ContainerStop.graceSeconds(Duration.ZERO)).isZero();
        assertThat(ContainerStop.graceSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(ContainerStop.graceSeconds(Duration.ofSeconds(10))).isEqualTo(10);
        assertThat(ContainerStop.graceSeconds(Duration.ofMillis(10_500))).isEqualTo(11);
        assertThat(ContainerStop.graceSeconds(Duration.ofMinutes(5)))
                .isEqualTo((int) DockerClients.MAX_STOP_GRACE.toSeconds());
    }
}
