package io.mcpfleet.manager.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StartBackoffTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void eachFailedStartDoublesTheWaitFromOneSecondUpToAMinute() {
        StartBackoff b = StartBackoff.NONE;
        long[] waits = new long[10];
        for (int n = 0; n < waits.length; n++) {
            b = b.failed(NOW, false);
            waits[n] = Duration.between(NOW, b.retryAt()).toSeconds();
        }

        assertThat(waits).containsExactly(1, 2, 4, 8, 16, 32, 60, 60, 60, 60);
        assertThat(b.failures()).isEqualTo(10);
    }

    @Test
    void theWaitStaysAtItsMaximumHoweverLongStartsFail() {
        StartBackoff b = new StartBackoff(100_000, Instant.EPOCH, false);

        assertThat(Duration.between(NOW, b.failed(NOW, false).retryAt())).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theServiceIsFailingFromTheThirdFailureOrAtOnceWhenPermanent() {
        StartBackoff two = StartBackoff.NONE.failed(NOW, false).failed(NOW, false);

        assertThat(two.failing()).isFalse();
        assertThat(two.failed(NOW, false).failing()).isTrue();
        assertThat(StartBackoff.NONE.failed(NOW, true).failing()).isTrue();
    }

    @Test
    void aNewWishMayStartAtOnceButKeepsTheCount() {
        StartBackoff b = StartBackoff.NONE.failed(NOW, true).renewed();

        assertThat(b.due(NOW)).isTrue();
        assertThat(b.permanent()).isFalse();
        assertThat(b.failures()).isEqualTo(1);
    }
}
