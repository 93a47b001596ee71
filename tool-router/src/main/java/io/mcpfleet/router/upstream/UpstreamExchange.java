package io.mcpfleet.router.upstream;

import io.mcpfleet.router.sse.SseDecoder;
import io.mcpfleet.router.sse.SseTooLargeException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One POST to a backend, read as a sequence of items the calling thread takes with a deadline:
 * {@link Head} (status and content type), then one {@link Message} per JSON body or SSE event as
 * it arrives, then {@link #END}; or a {@link Failure}. Nothing is buffered beyond a few events
 * (the HTTP client is asked for more only as items are taken), and whole SSE bodies never are.
 */
public final class UpstreamExchange implements HttpResponse.BodyHandler<Void> {

    /** The response status line and headers arrived. */
    public record Head(int status, boolean sse, String sessionId) {
    }

    /** One JSON-RPC message (a JSON body, or the data of one SSE event). */
    public record Message(byte[] json) {
    }

    /** The exchange failed. */
    public record Failure(Throwable cause) {
    }

    /** The body ended. */
    public static final Object END = new Object();
    /** {@link #next(long)} reached its deadline. */
    public static final Object TIMEOUT = new Object();
    /** {@link #abort()} was called. */
    public static final Object ABORTED = new Object();

    private static final int HIGH_WATER = 32;

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final int maxMessageBytes;
    private final AtomicBoolean stalled = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<HttpResponse<Void>> response;
    private volatile boolean aborted;

    UpstreamExchange(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    void started(CompletableFuture<HttpResponse<Void>> future) {
        this.response = future;
        future.whenComplete((r, t) -> {
            if (t != null) {
                queue.add(new Failure(t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                        ? t.getCause() : t));
            }
        });
    }

    /**
     * The next item, waiting at most until {@code deadlineNanos} ({@link System#nanoTime()} scale).
     *
     * @return a {@link Head}, {@link Message}, {@link Failure}, {@link #END}, {@link #TIMEOUT} or {@link #ABORTED}
     */
    public Object next(long deadlineNanos) throws InterruptedException {
        Object item = queue.poll();
        if (item == null) {
            long wait = deadlineNanos - System.nanoTime();
            item = wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
        }
        if (item == null) {
            return TIMEOUT;
        }
        resumeIfStalled();
        return item;
    }

    /** Stops the exchange: the body is cancelled and the waiting thread gets {@link #ABORTED}. */
    public void abort() {
        aborted = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<HttpResponse<Void>> r = response;
        if (r != null) {
            r.cancel(true);
        }
        queue.add(ABORTED);
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
        String contentType = info.headers().firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
        boolean sse = contentType.startsWith("text/event-stream");
        queue.add(new Head(info.statusCode(), sse, info.headers().firstValue("Mcp-Session-Id").orElse(null)));
        boolean ok = info.statusCode() / 100 == 2;
        if (sse && ok) {
            return new Subscriber(new SseDecoder(maxMessageBytes, e -> {
                if (e.isMessage() && e.data().length > 0) {
                    queue.add(new Message(e.data()));
                }
            }), null);
        }
        return new Subscriber(null, new Collector(ok ? maxMessageBytes : 4096, ok));
    }

    private void resumeIfStalled() {
        if (stalled.get() && queue.size() < HIGH_WATER && stalled.compareAndSet(true, false)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }
    }

    /** Collects a non-SSE body; a 2xx one becomes a {@link Message}, an error body is dropped past its head. */
    private final class Collector {
        private final int limit;
        private final boolean keep;
        private byte[] bytes = new byte[512];
        private int length;
        private boolean tooLarge;

        Collector(int limit, boolean keep) {
            this.limit = limit;
            this.keep = keep;
        }

        void add(ByteBuffer buffer) {
            int n = buffer.remaining();
            if (length + n > limit) {
                tooLarge = keep;
                buffer.position(buffer.limit());
                return;
            }
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
            }
            buffer.get(bytes, length, n);
            length += n;
        }

        void finish() {
            if (tooLarge) {
                queue.add(new Failure(new SseTooLargeException(limit)));
            } else if (keep && length > 0) {
                queue.add(new Message(Arrays.copyOf(bytes, length)));
            }
        }
    }

    private final class Subscriber implements HttpResponse.BodySubscriber<Void> {
        private final SseDecoder decoder;
        private final Collector collector;
        private final CompletableFuture<Void> body = new CompletableFuture<>();

        Subscriber(SseDecoder decoder, Collector collector) {
            this.decoder = decoder;
            this.collector = collector;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (aborted) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            try {
                for (ByteBuffer buffer : buffers) {
                    if (decoder != null) {
                        decoder.feed(buffer);
                    } else {
                        collector.add(buffer);
                    }
                }
            } catch (SseTooLargeException e) {
                subscription.cancel();
                queue.add(new Failure(e));
                body.complete(null);
                return;
            }
            if (queue.size() < HIGH_WATER) {
                subscription.request(1);
            } else {
                stalled.set(true);
                resumeIfStalled();
            }
        }

        @Override
        public void onError(Throwable t) {
            queue.add(new Failure(t));
            body.complete(null);
        }

        @Override
        public void onComplete() {
            if (collector != null) {
                collector.finish();
            }
            queue.add(END);
            body.complete(null);
        }
    }
}
