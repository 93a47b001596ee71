package io.mcpfleet.router.upstream;

import io.mcpfleet.router.sse.SseDecoder;
import io.mcpfleet.router.sse.SseTooLargeException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A backend session's GET stream (or a 2026-07-28 instance's {@code subscriptions/listen} stream,
 * the same SSE in answer to a POST) over the JDK's asynchronous HTTP client: read without a thread
 * of its own, messages are handed to the sink on the client's threads.
 */
final class SseGetStream implements HttpResponse.BodyHandler<Void>, BackendStream {

    private final BackendSession session;
    private final Sink sink;
    private final int maxMessageBytes;
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<HttpResponse<Void>> response;
    private volatile boolean closed;
    private final CompletableFuture<Void> answered = new CompletableFuture<>();

    SseGetStream(BackendSession session, Sink sink, int maxMessageBytes) {
        this.session = session;
        this.sink = sink;
        this.maxMessageBytes = maxMessageBytes;
    }

    void started(CompletableFuture<HttpResponse<Void>> future) {
        this.response = future;
        future.whenComplete((r, t) -> {
            answered.complete(null);
            if (t != null && !closed) {
                sink.ended(session, false);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<HttpResponse<Void>> r = response;
        if (r != null) {
            r.cancel(true);
        }
    }

    @Override
    public CompletionStage<Void> answered() {
        return answered;
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
        // The server has set the stream up (or refused it) before it sends its head.
        answered.complete(null);
        boolean sse = info.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        if (info.statusCode() != 200 || !sse) {
            if (!closed) {
                sink.ended(session, true);
            }
            closed = true;
            return HttpResponse.BodySubscribers.replacing(null);
        }
        SseDecoder decoder = new SseDecoder(maxMessageBytes, e -> {
            if (e.isMessage() && e.data().length > 0 && !closed) {
                sink.message(session, e.data());
            }
        });
        CompletableFuture<Void> body = new CompletableFuture<>();
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<Void> getBody() {
                return body;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                if (closed) {
                    s.cancel();
                } else {
                    s.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                try {
                    buffers.forEach(decoder::feed);
                } catch (SseTooLargeException e) {
                    subscription.cancel();
                    onError(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                body.complete(null);
                if (!closed) {
                    sink.ended(session, false);
                }
            }

            @Override
            public void onComplete() {
                body.complete(null);
                if (!closed) {
                    sink.ended(session, false);
                }
            }
        };
    }
}
