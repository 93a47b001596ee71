package io.mcpfleet.router.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.testsupport.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One breaker per instance, on a clock the test moves: open after failures, a probe after the wait. */
class BreakersTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final Breakers breakers = new Breakers(new RouterProperties.Breaker(50, 2, 2, Duration.ofSeconds(10), 1),
            clock);

    private static void fail(CircuitBreaker breaker) {
        breaker.tryAcquirePermission();
        breaker.onError(1, TimeUnit.MILLISECONDS, new IOException("down"));
    }

    @Test
    void failuresOpenTheBreakerAndKeepTheInstanceOutUntilTheWaitIsOver() {
        CircuitBreaker a = breakers.of("svc", "a");

        fail(a);
        fail(a);

        assertThat(breakers.eligible(a)).isFalse();
        assertThat(breakers.retryAfterMillis(a)).isEqualTo(10_000);
        clock.advance(Duration.ofSeconds(4));
        assertThat(breakers.retryAfterMillis(a)).isEqualTo(6_000);
        clock.advance(Duration.ofSeconds(6));
        assertThat(breakers.eligible(a)).isTrue();
        assertThat(breakers.retryAfterMillis(a)).isZero();
    }

    @Test
    void aSuccessfulProbeClosesTheBreaker() {
        CircuitBreaker a = breakers.of("svc", "a");
        fail(a);
        fail(a);
        // resilience4j lets a probe through once the wait is strictly over
        clock.advance(Duration.ofMillis(10_001));

        assertThat(a.tryAcquirePermission()).isTrue();
        a.onSuccess(1, TimeUnit.MILLISECONDS);

        assertThat(a.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.eligible(a)).isTrue();
        assertThat(breakers.retryAfterMillis(a)).isZero();
    }

    @Test
    void aFailedProbeOpensItAgainForAnotherWait() {
        CircuitBreaker a = breakers.of("svc", "a");
        fail(a);
        fail(a);
        // resilience4j lets a probe through once the wait is strictly over
        clock.advance(Duration.ofMillis(10_001));

        fail(a);

        assertThat(a.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.retryAfterMillis(a)).isEqualTo(10_000);
    }

    @Test
    void eachInstanceHasItsOwnBreakerAndKeepsItWhileItStays() {
        CircuitBreaker a = breakers.of("svc", "a");
        fail(a);
        fail(a);

        assertThat(breakers.of("svc", "a")).isSameAs(a);
        assertThat(breakers.eligible(breakers.of("svc", "b"))).isTrue();
    }

    @Test
    void anInstanceThatLeftTheFleetIsForgotten() {
        CircuitBreaker a = breakers.of("svc", "a");
        fail(a);
        fail(a);

        breakers.remove("a");

        assertThat(breakers.registry().getAllCircuitBreakers()).isEmpty();
        assertThat(breakers.eligible(breakers.of("svc", "a"))).isTrue();
    }
}
