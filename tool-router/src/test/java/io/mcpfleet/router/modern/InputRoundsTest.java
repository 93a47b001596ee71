package io.mcpfleet.router.modern;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.MutableClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InputRoundsTest {

    private final MutableClock clock = new MutableClock();
    private final InputRounds rounds = new InputRounds(clock, Duration.ofSeconds(60), 2);

    @Test
    void aStateIsRandomMarkedAsTheRoutersAndFoundUntilTaken() {
        String a = rounds.open(new CompletableFuture<>(), "tools/call", "alpha__elicit");
        String b = rounds.open(new CompletableFuture<>(), "tools/call", "alpha__elicit");

        assertThat(a).startsWith(InputRounds.PREFIX).isNotEqualTo(b);
        assertThat(InputRounds.issuedByARouter(a)).isTrue();
        assertThat(InputRounds.issuedByARouter("server-state")).isFalse();
        InputRounds.Round found = rounds.find(a);
        assertThat(found.name()).isEqualTo("alpha__elicit");
        assertThat(rounds.take(a, found)).isTrue();
        assertThat(rounds.take(a, found)).as("answered once").isFalse();
        assertThat(rounds.find(a)).isNull();
    }

    @Test
    void aRoundIsGoneAfterItsTimeout() {
        String state = rounds.open(new CompletableFuture<>(), "tools/call", "x");

        clock.advance(Duration.ofSeconds(60));

        assertThat(rounds.find(state)).isNull();
        assertThat(rounds.pending()).isZero();
    }

    @Test
    void atMostMaxRoundsAreOpenExpiredOnesMakeRoom() {
        rounds.open(new CompletableFuture<>(), "tools/call", "x");
        rounds.open(new CompletableFuture<>(), "tools/call", "x");

        assertThat(rounds.open(new CompletableFuture<>(), "tools/call", "x")).isNull();
        clock.advance(Duration.ofSeconds(61));
        assertThat(rounds.open(new CompletableFuture<>(), "tools/call", "x")).isNotNull();
        assertThat(rounds.pending()).isEqualTo(1);
    }

    @Test
    void aClosedRoundIsUnknown() {
        String state = rounds.open(new CompletableFuture<>(), "tools/call", "x");

        rounds.close(state);

        assertThat(rounds.find(state)).isNull();
    }
}
