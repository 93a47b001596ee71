package io.mcpfleet.manager.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StdinQueueTest {

    private static String read(StdinQueue stdin, int length) throws IOException {
        byte[] buffer = new byte[length];
        int n = stdin.read(buffer, 0, length);
        return n < 0 ? null : new String(buffer, 0, n, UTF_8);
    }

    @Test
    void oneReadTakesEveryQueuedMessageThatFits() throws IOException {
        StdinQueue stdin = new StdinQueue(1024);
        stdin.offer("one\n".getBytes(UTF_8));
        stdin.offer("two\n".getBytes(UTF_8));
        stdin.offer("three\n".getBytes(UTF_8));

        assertThat(read(stdin, 10)).isEqualTo("one\ntwo\nth");
        assertThat(stdin.available()).isEqualTo(4);
        assertThat(read(stdin, 10)).isEqualTo("ree\n");
        assertThat(stdin.available()).isZero();
    }

    @Test
    void aReadWaitsForTheNextMessage() throws Exception {
        StdinQueue stdin = new StdinQueue(1024);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return read(stdin, 100);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        stdin.offer("late\n".getBytes(UTF_8));

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("late\n");
    }

    @Test
    void closingEndsAWaitingReadAndRefusesWrites() throws Exception {
        StdinQueue stdin = new StdinQueue(1024);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return read(stdin, 100);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        stdin.close();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
        assertThatThrownBy(() -> stdin.offer("x\n".getBytes(UTF_8))).isInstanceOf(IOException.class)
                .hasMessage("stdin is closed");
    }

    @Test
    void aProcessThatLeavesTooMuchUnreadFailsTheWriteThatWouldPassTheLimit() throws IOException {
        StdinQueue stdin = new StdinQueue(10);
        stdin.offer("12345678".getBytes(UTF_8));

        assertThatThrownBy(() -> stdin.offer("abc".getBytes(UTF_8))).isInstanceOf(IOException.class)
                .hasMessage("the process has left 8 bytes of its stdin unread");
        assertThat(read(stdin, 100)).isEqualTo("12345678");
        stdin.offer("abc".getBytes(UTF_8));
        assertThat(read(stdin, 100)).isEqualTo("abc");
    }
}
