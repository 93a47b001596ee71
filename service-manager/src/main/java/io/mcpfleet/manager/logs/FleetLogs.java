package io.mcpfleet.manager.logs;

import io.mcpfleet.api.LogLine;
import io.mcpfleet.api.ServiceLogs;
import io.mcpfleet.manager.events.FleetEvents;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.LogQuery;
import io.mcpfleet.manager.lifecycle.LogReceiver;
import io.mcpfleet.manager.lifecycle.OutputLine;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The output of a service's instances, read through the {@link ContainerRuntime}: only containers
 * the lifecycle knows as the service's (so only containers this manager owns) are ever read.
 *
 * <p>Bounds: {@link LogRequest#MAX_TAIL} lines a request, {@link Lines#MAX_CHARS} characters a
 * line, {@value #MAX_FOLLOWS} follows at once, each at most {@value #FOLLOW_RATE} lines a second
 * on average (lines over it are skipped and counted).
 */
public final class FleetLogs {

    /** Follows open at once: each holds an engine stream (a connection and a thread) per instance. */
    public static final int MAX_FOLLOWS = 16;
    /** Lines a second one follow passes on average; a burst of {@link LogRequest#MAX_TAIL} (its tail) passes at once. */
    public static final int FOLLOW_RATE = 200;
    /** How long a one-shot read of one instance may take before the request fails. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final FleetLifecycle fleet;
    private final ContainerRuntime runtime;
    private final FleetEvents events;
    private final Executor executor;
    private final Clock clock;
    private final AtomicInteger follows = new AtomicInteger();
    private final AtomicInteger engineStreams = new AtomicInteger();

    /**
     * @param executor where a follow opens the streams of instances that appear (event listeners must not block)
     */
    public FleetLogs(FleetLifecycle fleet, ContainerRuntime runtime, FleetEvents events, Executor executor,
                     Clock clock, MeterRegistry meters) {
        this.fleet = fleet;
        this.runtime = runtime;
        this.events = events;
        this.executor = executor;
        this.clock = clock;
        Gauge.builder("fleet_log_follows", follows, AtomicInteger::get)
                .description("Log follows open (GET /services/{name}/logs?follow=true)")
                .register(meters);
        Gauge.builder("fleet_log_streams", engineStreams, AtomicInteger::get)
                .description("Engine log streams the open follows hold (one per followed instance)")
                .register(meters);
    }

    /** The latest lines of the service's instances (or of the one the request names), oldest first. */
    public ServiceLogs recent(String service, LogRequest request) {
        ServiceSnapshot snapshot = fleet.service(service);
        List<LogLine> lines = new ArrayList<>();
        for (Instance instance : select(snapshot, request.instance())) {
            lines.addAll(read(service, instance, new LogQuery(request.tail(), request.since(), false)
                    .withStdout(!snapshot.spec().stdioTransport())));
        }
        lines.sort(Comparator.comparing(LogLine::time));
        return new ServiceLogs(service, List.copyOf(lines.subList(Math.max(0, lines.size() - request.tail()),
                lines.size())));
    }

    /**
     * Streams the service's output to {@code sink} until the returned follow is closed: the latest
     * lines first, then every new line, from every instance the service has or gets (a woken
     * sleeper, a new replica), or from the one the request names.
     *
     * @throws TooManyFollowsException when {@value #MAX_FOLLOWS} follows are open
     */
    public LogFollow follow(String service, LogRequest request, LogFollow.Sink sink) {
        ServiceSnapshot snapshot = fleet.service(service);
        String only = request.instance() == null ? null : select(snapshot, request.instance()).get(0).id();
        if (follows.incrementAndGet() > MAX_FOLLOWS) {
            follows.decrementAndGet();
            throw new TooManyFollowsException(MAX_FOLLOWS);
        }
        LogFollow follow = new LogFollow(service, only, request, fleet, runtime, executor,
                new RateLimit(clock, FOLLOW_RATE, LogRequest.MAX_TAIL), sink, engineStreams,
                follows::decrementAndGet, clock);
        follow.start(events);
        return follow;
    }

    /** Follows open now. */
    public int follows() {
        return follows.get();
    }

    /** Engine streams the open follows hold now. */
    public int engineStreams() {
        return engineStreams.get();
    }

    /** The instances to read: all of the service's, or the one named by id, unique id prefix or name. */
    static List<Instance> select(ServiceSnapshot snapshot, String wanted) {
        if (wanted == null) {
            return snapshot.instances();
        }
        List<Instance> found = new ArrayList<>();
        for (Instance i : snapshot.instances()) {
            if (i.id().equals(wanted) || wanted.equals(i.name())) {
                return List.of(i);
            }
            if (i.id().startsWith(wanted)) {
                found.add(i);
            }
        }
        if (found.size() == 1) {
            return found;
        }
        throw new UnknownInstanceException(snapshot.name(), wanted, snapshot.instances().stream()
                .map(i -> i.name() + " (" + i.id().substring(0, Math.min(12, i.id().length())) + ")").toList());
    }

    private List<LogLine> read(String service, Instance instance, LogQuery query) {
        Collected collected = new Collected(instance);
        AutoCloseable handle = runtime.logs(instance.id(), query, collected);
        try {
            if (!collected.done.await(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerRuntimeException("read the output of", instance.name(),
                        "the engine sent no end of it within " + READ_TIMEOUT.toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("read the output of", instance.name(), "interrupted", e);
        } finally {
            LogFollow.closeQuietly(handle);
        }
        if (collected.error != null) {
            boolean gone = fleet.find(service).map(s -> s.instances().stream()
                    .noneMatch(i -> i.id().equals(instance.id()))).orElse(true);
            if (gone) {
                // removed between the snapshot and the read: it has no output to show any more
                return List.of();
            }
            if (collected.error instanceof RuntimeException e) {
                throw e;
            }
            throw new ContainerRuntimeException("read the output of", instance.name(), collected.error.toString(),
                    collected.error);
        }
        return collected.lines;
    }

    /** The lines of a one-shot read. */
    private static final class Collected implements LogReceiver {

        private final Instance instance;
        private final List<LogLine> lines = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Throwable error;

        Collected(Instance instance) {
            this.instance = instance;
        }

        @Override
        public void line(OutputLine line) {
            synchronized (lines) {
                if (lines.size() < LogRequest.MAX_TAIL) {
                    lines.add(Lines.of(instance, line));
                }
            }
        }

        @Override
        public void ended(Throwable e) {
            error = e;
            done.countDown();
        }
    }
}
