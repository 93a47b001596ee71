package io.mcpfleet.manager.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.node.ObjectNode;

/** How the bridge answers one HTTP exchange: JSON or SSE, and what a client that reads slowly costs. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpExchangeTest {

    private final ExecutorService writers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    private static ObjectNode json(String text) {
        return Messages.parse(text.getBytes(StandardCharsets.UTF_8), 0, text.length());
    }

    private static final ObjectNode RESPONSE = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}}");
    private static final ObjectNode PROGRESS = json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
            + "\"params\":{\"progressToken\":\"t\",\"progress\":1}}");

    private record Exchange(HttpExchange exchange, MockAsyncContext async, MockHttpServletResponse response) {
    }

    private static Exchange exchange(MockHttpServletResponse response, boolean json, boolean sse, boolean stream,
                                     long maxBuffered, java.util.concurrent.Executor writers) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAsyncSupported(true);
        MockAsyncContext async = (MockAsyncContext) request.startAsync(request, response);
        return new Exchange(new HttpExchange(async, response, json, sse, stream, maxBuffered, writers), async,
                response);
    }

    private static boolean completed(MockAsyncContext async) {
        return ((MockHttpServletRequest) async.getRequest()).getAsyncContext() == async
                && !((MockHttpServletRequest) async.getRequest()).isAsyncStarted();
    }

    @Test
    void aResponseThatComesFirstIsAnsweredAsJson() throws Exception {
        Exchange e = exchange(new MockHttpServletResponse(), true, true, false, 1 << 20, Runnable::run);

        boolean taken = e.exchange().deliver(RESPONSE, true);

        assertThat(taken).isTrue();
        assertThat(e.response().getContentType()).isEqualTo("application/json");
        assertThat(e.response().getContentAsString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}}");
        assertThat(completed(e.async())).isTrue();
    }

    @Test
    void progressBeforeTheResponseMakesItAnEventStream() throws Exception {
        Exchange e = exchange(new MockHttpServletResponse(), true, true, false, 1 << 20, Runnable::run);

        e.exchange().deliver(PROGRESS, false);
        e.exchange().deliver(RESPONSE, true);

        assertThat(e.response().getContentType()).isEqualTo("text/event-stream");
        assertThat(e.response().getContentAsString()).isEqualTo("event: message\ndata: " + PROGRESS + "\n\n"
                + "event: message\ndata: " + RESPONSE + "\n\n");
        assertThat(completed(e.async())).isTrue();
    }

    @Test
    void aClientThatAcceptsOnlyJsonGetsTheResponseAndNothingBeforeIt() throws Exception {
        Exchange e = exchange(new MockHttpServletResponse(), true, false, false, 1 << 20, Runnable::run);

        e.exchange().deliver(PROGRESS, false);
        e.exchange().deliver(RESPONSE, true);

        assertThat(e.response().getContentType()).isEqualTo("application/json");
        assertThat(e.response().getContentAsString()).isEqualTo(RESPONSE.toString());
    }

    @Test
    void aGetStreamSendsItsHeadersAtOnceAndEndsWhenTold() throws Exception {
        Exchange e = exchange(new MockHttpServletResponse(), false, true, true, 1 << 20, Runnable::run);

        e.exchange().openStream();
        e.exchange().keepAlive();
        e.exchange().deliver(PROGRESS, false);
        boolean open = !completed(e.async());
        e.exchange().end();

        assertThat(open).isTrue();
        assertThat(e.response().getContentType()).isEqualTo("text/event-stream");
        assertThat(e.response().getContentAsString()).isEqualTo(": keep-alive\n\nevent: message\ndata: " + PROGRESS
                + "\n\n");
        assertThat(completed(e.async())).isTrue();
        assertThat(e.exchange().deliver(PROGRESS, false)).as("nothing after the end").isFalse();
    }

    @Test
    void aClientThatReadsTooSlowlyIsCutWithoutHoldingUpTheDeliveries() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        BlockedResponse slow = new BlockedResponse(reading);
        Exchange e = exchange(slow, false, true, true, 1000, writers);
        AtomicBoolean gone = new AtomicBoolean();
        e.exchange().onGone(() -> gone.set(true));
        e.exchange().openStream();
        await().atMost(Duration.ofSeconds(10)).until(slow::writing);

        int taken = 0;
        while (taken < 100 && e.exchange().deliver(PROGRESS, false)) {
            taken++;
        }

        assertThat(taken).as("about 1000 bytes of %s-byte messages", PROGRESS.toString().length()).isBetween(5, 15);
        assertThat(gone).isTrue();
        reading.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> completed(e.async()));
    }

    /** A response whose client does not read: the first write blocks until released. */
    private static final class BlockedResponse extends MockHttpServletResponse {
        private final CountDownLatch reading;
        private final AtomicBoolean writing = new AtomicBoolean();
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();

        BlockedResponse(CountDownLatch reading) {
            this.reading = reading;
        }

        boolean writing() {
            return writing.get();
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    block();
                    written.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    block();
                    written.write(b, off, len);
                }

                @Override
                public void flush() {
                    block();
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
        }

        private void block() {
            writing.set(true);
            try {
                reading.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
