package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.github.resilience4j.core.IntervalFunction;
import io.mcpfleet.manager.lifecycle.ContainerEvent;
import java.io.Closeable;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code subscribe}: the engine's container events for some labels, kept alive across engine
 * restarts. Listeners run on docker-java's stream thread of this subscription.
 *
 * <p>After a drop it reconnects with backoff, asks the engine to replay what it still holds since
 * the last event seen ({@code since}), then calls {@code onReconnect} so the caller can resynchronise
 * whatever the engine no longer holds (a restarted engine holds nothing).
 */
final class EventSubscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSubscription.class);

    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final IntervalFunction BACKOFF = IntervalFunction.ofExponentialBackoff(MIN_BACKOFF, 2.0, MAX_BACKOFF);

    private final DockerClient streams;
    private final Map<String, String> labels;
    private final Consumer<ContainerEvent> listener;
    private final Runnable onReconnect;
    private final ScheduledExecutorService scheduler;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);

    private volatile boolean closed;
    private volatile Stream current;
    private volatile long lastEventNanos;
    // written by the stream thread of the one live attempt, read by the next: attempts never overlap
    private volatile int failuresInARow;
    /** An attempt has ended (dropped or failed): the next connection is a reconnection. */
    private volatile boolean endedOnce;

    private EventSubscription(DockerClient streams, Map<String, String> labels, Consumer<ContainerEvent> listener,
                              Runnable onReconnect, ScheduledExecutorService scheduler) {
        this.streams = streams;
        this.labels = Map.copyOf(labels);
        this.listener = listener;
        this.onReconnect = onReconnect;
        this.scheduler = scheduler;
    }

    /**
     * Subscribes and returns once the first attempt has connected or failed (bounded by the connect
     * timeout), so that a caller who lists containers right after subscribing misses no event in
     * between. If the first attempt failed, {@code onReconnect} runs once a later one connects.
     */
    static EventSubscription open(DockerClient streams, Map<String, String> labels, Consumer<ContainerEvent> listener,
                                  Runnable onReconnect, ScheduledExecutorService scheduler) {
        EventSubscription subscription = new EventSubscription(streams, labels, listener, onReconnect, scheduler);
        subscription.connect();
        try {
            subscription.firstAttempt.await(DockerClients.CONNECT_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return subscription;
    }

    private void connect() {
        if (closed) {
            return;
        }
        EventsCmd cmd = streams.eventsCmd().withEventTypeFilter(EventType.CONTAINER);
        if (!labels.isEmpty()) {
            cmd.withLabelFilter(labels);
        }
        long last = lastEventNanos;
        if (last > 0) {
            cmd.withSince(since(last + 1));
        }
        Stream stream = new Stream();
        current = stream;
        try {
            cmd.exec(stream);
        } catch (RuntimeException e) {
            stream.onError(e);
        }
    }

    /** The engine's {@code since} format: seconds and nanoseconds, {@code 1700000000.000000001}. */
    static String since(long epochNanos) {
        return String.format(Locale.ROOT, "%d.%09d", epochNanos / 1_000_000_000L, epochNanos % 1_000_000_000L);
    }

    /** The wait before reconnecting after that many failures in a row: 100 ms doubling up to 5 s. */
    static Duration backoff(int failuresInARow) {
        // Clamped: the function iterates once per step, and from the seventh step the wait is at its maximum.
        return Duration.ofMillis(BACKOFF.apply(Math.min(Math.max(failuresInARow, 1), 16)));
    }

    @Override
    public void close() {
        closed = true;
        Stream stream = current;
        if (stream != null) {
            stream.close();
        }
    }

    private void ended(Throwable error) {
        firstAttempt.countDown();
        if (closed) {
            return;
        }
        endedOnce = true;
        int failures = ++failuresInARow;
        Duration delay = backoff(failures);
        if (failures == 1 || failures % 20 == 0) {
            log.warn("Docker events stream for labels {} ended ({}); reconnecting in {} ms (attempt {})", labels,
                    error == null ? "closed by the engine" : DockerErrors.why(error), delay.toMillis(), failures);
        }
        try {
            scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            // the runtime is closing; nothing left to reconnect for
        }
    }

    private void connected() {
        boolean reconnect = endedOnce;
        if (failuresInARow > 0) {
            log.info("Docker events stream for labels {} reconnected", labels);
        }
        failuresInARow = 0;
        firstAttempt.countDown();
        if (reconnect) {
            try {
                onReconnect.run();
            } catch (RuntimeException e) {
                log.warn("onReconnect of the events subscription for labels {} failed", labels, e);
            }
        }
    }

    /** One connection attempt and the stream it opens. */
    private final class Stream implements ResultCallback<Event> {

        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Closeable response;

        @Override
        public void onStart(Closeable response) {
            this.response = response;
            if (closed) {
                close();
                return;
            }
            connected();
        }

        @Override
        public void onNext(Event event) {
            if (closed) {
                return;
            }
            if (event.getTimeNano() != null) {
                lastEventNanos = event.getTimeNano();
            }
            try {
                listener.accept(EngineEvents.toEvent(event));
            } catch (RuntimeException e) {
                log.warn("container event listener failed on {} {}", event.getAction(), event.getId(), e);
            }
        }

        @Override
        public void onError(Throwable error) {
            finish(error);
        }

        @Override
        public void onComplete() {
            finish(null);
        }

        private void finish(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                ended(error);
            }
        }

        @Override
        public void close() {
            Closing.quietly(response);
        }
    }
}
