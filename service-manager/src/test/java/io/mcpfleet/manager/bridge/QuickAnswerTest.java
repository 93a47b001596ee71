package io.mcpfleet.manager.bridge;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class QuickAnswerTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    private static ObjectNode answer(int id) {
        return Messages.response(Messages.JSON.getNodeFactory().numberNode(id), Messages.JSON.createObjectNode());
    }

    private static ObjectNode progress() {
        return Messages.notification("notifications/progress", Messages.JSON.createObjectNode().put("progress", 1));
    }

    @Test
    void anAnswerGivenBeforeTheWaitIsTakenAtOnce() throws InterruptedException {
        QuickAnswer quick = new QuickAnswer();
        quick.deliver(answer(7), true);

        QuickAnswer.Outcome outcome = quick.await(LONG);

        assertThat(outcome).isInstanceOf(QuickAnswer.Answered.class);
        assertThat(new String(((QuickAnswer.Answered) outcome).json(), UTF_8)).contains("\"id\":7");
    }

    @Test
    void theWaitEndsWhenTheAnswerComesFromAnotherThread() throws Exception {
        CompletableFuture<QuickAnswer> made = new CompletableFuture<>();
        CompletableFuture<QuickAnswer.Outcome> waiting = CompletableFuture.supplyAsync(() -> {
            QuickAnswer quick = new QuickAnswer(); // on the thread that waits, as a request thread makes it
            made.complete(quick);
            try {
                return quick.await(Duration.ofHours(1)); // only a wake ends it in time
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        made.get(10, TimeUnit.SECONDS).deliver(answer(1), true);

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(QuickAnswer.Answered.class);
    }

    @Test
    void aCallEndedWithoutAnAnswerEndsTheWait() throws InterruptedException {
        QuickAnswer quick = new QuickAnswer();
        quick.end();

        assertThat(quick.await(LONG)).isInstanceOf(QuickAnswer.Ended.class);
    }

    @Test
    void aMessageBeforeTheAnswerSendsTheCallToItsExchangeInOrder() throws InterruptedException {
        QuickAnswer quick = new QuickAnswer();
        quick.deliver(progress(), false);
        quick.deliver(answer(3), true);

        assertThat(quick.await(LONG)).isInstanceOf(QuickAnswer.Later.class);
        RecordingCaller exchange = new RecordingCaller();
        quick.handOver(exchange);

        assertThat(exchange.messages()).hasSize(2);
        assertThat(exchange.messages().get(0).path("method").asString()).isEqualTo("notifications/progress");
        assertThat(exchange.answered()).isTrue();
    }

    @Test
    void afterAWaitWithoutAnswerEverythingGoesToTheExchange() throws InterruptedException {
        QuickAnswer quick = new QuickAnswer();

        assertThat(quick.await(Duration.ofMillis(1))).isInstanceOf(QuickAnswer.Later.class);
        quick.deliver(answer(4), true); // between the wait's end and the hand-over
        RecordingCaller exchange = new RecordingCaller();
        quick.handOver(exchange);
        quick.end();

        assertThat(exchange.messages()).hasSize(1);
        assertThat(exchange.answered()).isTrue();
        assertThat(exchange.ended()).isTrue();
    }

    @Test
    void anEndBeforeTheHandOverReachesTheExchangeAfterWhatCameBefore() throws InterruptedException {
        QuickAnswer quick = new QuickAnswer();
        quick.deliver(progress(), false);
        quick.end();

        assertThat(quick.await(LONG)).isInstanceOf(QuickAnswer.Later.class);
        RecordingCaller exchange = new RecordingCaller();
        quick.handOver(exchange);

        assertThat(exchange.messages()).hasSize(1);
        assertThat(exchange.answered()).isFalse();
        assertThat(exchange.ended()).isTrue();
    }
}
