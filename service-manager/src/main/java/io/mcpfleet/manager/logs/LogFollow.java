package io.mcpfleet.manager.logs;

import io.mcpfleet.api.InstanceState;
import io.mcpfleet.api.LogLine;
import io.mcpfleet.manager.events.FleetEvents;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.LogQuery;
import io.mcpfleet.manager.lifecycle.LogReceiver;
import io.mcpfleet.manager.lifecycle.OutputLine;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One follow of a service's output: an engine stream per instance, opened at the start for every
 * instance the service has, and again, after each event of the service, for every instance that
 * runs without one (a new replica, a sleeper woken: its stream ended when it stopped). A reopened
 * stream starts just after the last line it passed, so no line comes twice.
 *
 * <p>Lines over the rate limit are skipped; the sink hears how many before the next line that
 * passes. Closing the follow closes every engine stream.
 */
public final class LogFollow implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogFollow.class);

    /** Where the lines go. Called from the engine streams' threads, one instance's lines in order. */
    public interface Sink {

        void line(LogLine line);

        /** {@code count} lines were skipped since the last line passed: over the rate limit. */
        void skipped(long count);
    }

    private final String service;
    private final String only;
    private final LogRequest request;
    private final FleetLifecycle fleet;
    private final ContainerRuntime runtime;
    private final Executor executor;
    private final RateLimit rate;
    private final Sink sink;
    private final AtomicInteger engineStreams;
    private final Runnable onClose;
    private final Clock clock;
    private final AtomicLong skipped = new AtomicLong();
    private final Map<String, Tail> tails = new HashMap<>();
    private volatile AutoCloseable subscription;
    private volatile boolean closed;

    LogFollow(String service, String only, LogRequest request, FleetLifecycle fleet, ContainerRuntime runtime,
              Executor executor, RateLimit rate, Sink sink, AtomicInteger engineStreams, Runnable onClose,
              Clock clock) {
        this.service = service;
        this.only = only;
        this.request = request;
        this.fleet = fleet;
        this.runtime = runtime;
        this.executor = executor;
        this.rate = rate;
        this.sink = sink;
        this.engineStreams = engineStreams;
        this.onClose = onClose;
        this.clock = clock;
    }

    void start(FleetEvents events) {
        subscription = events.subscribe(e -> {
            if (service.equals(e.service()) && !closed) {
                try {
                    executor.execute(() -> attach(false));
                } catch (RejectedExecutionException shuttingDown) {
                    close();
                }
            }
        });
        attach(true);
    }

    /** Tells the sink of lines skipped since the last one passed, if any (for a quiet spell after a burst). */
    public void reportSkipped() {
        long missed = skipped.getAndSet(0);
        if (missed > 0 && !closed) {
            sink.skipped(missed);
        }
    }

    /**
     * Opens a stream for every followed instance that has none and may write (see the class
     * comment); {@code first}: the instances there when the follow began, read as the request asks.
     */
    private synchronized void attach(boolean first) {
        if (closed) {
            return;
        }
        ServiceSnapshot snapshot = fleet.find(service).orElse(null);
        if (snapshot == null) {
            return;
        }
        for (Instance instance : snapshot.instances()) {
            if (only != null && !only.equals(instance.id())) {
                continue;
            }
            Tail tail = tails.get(instance.id());
            if (tail != null && (tail.open || !mayWrite(instance))) {
                continue;
            }
            LogQuery query;
            if (tail != null) {
                // its stream ended when it stopped: from just after the last line, or since that stream opened
                query = new LogQuery(null, tail.last == null ? tail.opened : tail.last.plusNanos(1), true);
            } else if (first) {
                query = new LogQuery(request.tail(), request.since(), true);
            } else {
                // a container created since the follow began: all it wrote is new (bounded like a tail)
                query = new LogQuery(LogRequest.MAX_TAIL, request.since(), true);
            }
            Tail next = new Tail(instance, tail == null ? null : tail.last, clock.instant());
            tails.put(instance.id(), next);
            engineStreams.incrementAndGet();
            next.handle = runtime.logs(instance.id(), query.withStdout(!snapshot.spec().stdioTransport()), next);
        }
    }

    private static boolean mayWrite(Instance i) {
        return i.state() == InstanceState.STARTING || i.state() == InstanceState.RUNNING
                || i.state() == InstanceState.DRAINING || i.state() == InstanceState.PAUSED;
    }

    @Override
    public void close() {
        List<Tail> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(tails.values());
        }
        closeQuietly(subscription);
        open.forEach(t -> closeQuietly(t.handle));
        onClose.run();
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing a log stream failed", e);
        }
    }

    /** The stream of one instance. */
    private final class Tail implements LogReceiver {

        private final Instance instance;
        private final Instant opened;
        volatile AutoCloseable handle;
        volatile boolean open = true;
        volatile Instant last;

        Tail(Instance instance, Instant last, Instant opened) {
            this.instance = instance;
            this.last = last;
            this.opened = opened;
        }

        @Override
        public void line(OutputLine line) {
            last = line.time();
            if (closed) {
                return;
            }
            if (!rate.tryTake()) {
                skipped.incrementAndGet();
                return;
            }
            reportSkipped();
            sink.line(Lines.of(instance, line));
        }

        @Override
        public void ended(Throwable error) {
            synchronized (LogFollow.this) {
                if (!open) {
                    return;
                }
                open = false;
            }
            engineStreams.decrementAndGet();
            if (error != null && !closed) {
                LOG.debug("the log stream of {} ended: {}", instance.name(), error.getMessage());
            }
        }
    }
}
