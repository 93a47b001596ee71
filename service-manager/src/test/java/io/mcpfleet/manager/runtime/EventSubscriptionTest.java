package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventSubscriptionTest {

    @Test
    void sinceIsSecondsAndNanoseconds() {
        assertThat(EventSubscription.since(1_700_000_000_000_000_001L)).isEqualTo("1700000000.000000001");
    }

    @Test
    void backoffDoublesFromAHundredMillisecondsUpToFiveSeconds() {
        assertThat(EventSubscription.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(EventSubscription.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(EventSubscription.backoff(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(EventSubscription.backoff(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(EventSubscription.backoff(500)).isEqualTo(Duration.ofSeconds(5));
    }
}
