package io.mcpfleet.manager.health;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * Reads the body of an MCP server's answer, without blocking a thread: a JSON (or any other)
 * body whole, up to a limit; an event stream only until its first event whose data {@code ends}
 * the wait, then the stream is cancelled (a server may keep a POST's stream open, or never end a
 * wrong endpoint's stream). Completes with that text; an event stream that ends first completes
 * with {@code null}.
 */
final class FirstAnswer implements HttpResponse.BodySubscriber<String> {

    private final boolean eventStream;
    private final int limit;
    private final Predicate<String> ends;
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** Where the next SSE event begins in {@link #bytes}. */
    private int eventStart;
    private volatile Flow.Subscription subscription;

    /**
     * @param eventStream read Server-Sent Events (else the whole body)
     * @param limit       bytes read at most; past it the body fails
     * @param ends        whether an event's data is the one to wait for (others, such as a priming
     *                    event or a notification, are skipped)
     */
    FirstAnswer(boolean eventStream, int limit, Predicate<String> ends) {
        this.eventStream = eventStream;
        this.limit = limit;
        this.ends = ends;
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    /**
     * Stops reading (the probe is over, or timed out); the connection is closed. Safe before the
     * body is subscribed: it is then cancelled as soon as it is.
     */
    void cancel() {
        body.completeExceptionally(new CancellationException("the probe is over"));
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        // Set before this check, so that a cancel() racing with it is seen either here or there.
        if (body.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
        if (bytes.size() > limit) {
            body.completeExceptionally(new AnswerTooLarge(limit));
            cancel();
        } else if (eventStream) {
            scanEvents();
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(eventStream ? null : bytes.toString(StandardCharsets.UTF_8));
    }

    /** Looks at every complete event (ended by a blank line) since the last one. */
    private void scanEvents() {
        byte[] all = bytes.toByteArray();
        int lineStart = eventStart;
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        for (int i = eventStart; i < all.length; i++) {
            byte c = all[i];
            if (c != '\n' && c != '\r') {
                continue;
            }
            // SSE lines end in \n, \r or \r\n (the \r\n pair is one end, not an empty line)
            int end = i;
            if (c == '\r') {
                if (i + 1 == all.length) {
                    return;
                }
                if (all[i + 1] == '\n') {
                    i++;
                }
            }
            String line = new String(all, lineStart, end - lineStart, StandardCharsets.UTF_8);
            lineStart = i + 1;
            if (!line.isEmpty()) {
                if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    data.append(hasData ? "\n" : "").append(value.startsWith(" ") ? value.substring(1) : value);
                    hasData = true;
                }
                continue;
            }
            eventStart = lineStart;
            if (hasData && ends.test(data.toString())) {
                body.complete(data.toString());
                cancel();
                return;
            }
            data.setLength(0);
            hasData = false;
        }
    }

    /** The body passed the limit. */
    static final class AnswerTooLarge extends RuntimeException {
        AnswerTooLarge(int limit) {
            super("the answer is larger than " + limit / 1024 + " KiB");
        }
    }
}
