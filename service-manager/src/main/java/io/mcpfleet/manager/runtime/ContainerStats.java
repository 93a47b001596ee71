package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Statistics;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code usage}: the latest resource sample of each container someone asks about, refreshed by a
 * one-shot engine request every {@link #SAMPLE_EVERY} while the autoscaler reads its CPU
 * ({@link #cpuUsage}), else every {@link #MEMORY_SAMPLE_EVERY}, so that {@code usage} itself never
 * waits (a one-shot {@code stats} answers after 1-1.5 s: the engine takes two readings for the CPU).
 *
 * <p>Why not the engine's stats stream: it sends a sample a second, and decoding them for 60
 * running containers was about 3 % of a core, half of what an idle manager spent. A sample every
 * 10 s is as good for the autoscaler's CPU target, whose stable window is a minute. Everything else
 * reads memory (the budget, the footprints of sleepers, the status API, the Prometheus gauges),
 * which an idle fleet barely changes: a sample every 30 s serves it, and keeps a large idle fleet's
 * sampling (with docker-java, a request, a thread and a JSON decode each) a third of what it was.
 *
 * <p>A container is sampled from its first {@link #usage} (at once) until
 * <ul>
 *   <li>the runtime stops or removes it ({@link #forget}),</li>
 *   <li>the engine says it no longer exists, or</li>
 *   <li>nobody asked about it for {@code idleAfter} ({@link #tick}).</li>
 * </ul>
 * A container that stopped behind the runtime's back yields no new samples; its last one goes
 * stale after {@link #STALE_AFTER} and is no longer reported.
 */
final class ContainerStats implements AutoCloseable {

    static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    static final Duration MEMORY_SAMPLE_EVERY = Duration.ofSeconds(30);
    /** Two missed samples and the engine's answer time: older, a sample describes a container that may have stopped. */
    static final Duration STALE_AFTER = staleAfter(SAMPLE_EVERY);
    static final Duration MEMORY_STALE_AFTER = staleAfter(MEMORY_SAMPLE_EVERY);
    static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(60);

    private final DockerClient client;
    private final Clock clock;
    private final Duration idleAfter;
    private final Map<String, Watched> byId = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean closed;

    ContainerStats(DockerClient client, Clock clock, Duration idleAfter) {
        this.client = client;
        this.clock = clock;
        this.idleAfter = idleAfter;
    }

    /** For readers of memory: sampled every {@link #MEMORY_SAMPLE_EVERY} unless {@link #cpuUsage} asks for more. */
    Optional<ResourceUsage> usage(String id) {
        return usage(id, false);
    }

    /** For the autoscaler's CPU target: sampled every {@link #SAMPLE_EVERY} while it keeps asking. */
    Optional<ResourceUsage> cpuUsage(String id) {
        return usage(id, true);
    }

    private Optional<ResourceUsage> usage(String id, boolean cpu) {
        if (closed) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Watched watched = byId.computeIfAbsent(id, Watched::new);
        watched.askedAt = now;
        if (cpu) {
            watched.cpuAskedAt = now;
        }
        if (watched.requestedAt == null) {
            request(watched, now);
        }
        Sample latest = watched.latest;
        if (latest == null || latest.receivedAt.isBefore(now.minus(staleAfter(watched.every(now))))) {
            return Optional.empty();
        }
        return Optional.of(latest.usage);
    }

    void forget(String id) {
        Watched watched = byId.remove(id);
        if (watched != null) {
            watched.cancel();
        }
    }

    /** Drops the containers nobody asked about lately and those gone, and samples the ones due. */
    void tick() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        byId.forEach((id, watched) -> {
            if (watched.gone || watched.askedAt.isBefore(now.minus(idleAfter))) {
                if (byId.remove(id, watched)) {
                    watched.cancel();
                }
            } else if (watched.requestedAt == null || !watched.requestedAt.isAfter(now.minus(watched.every(now)))) {
                request(watched, now);
            }
        });
    }

    /** How many containers are being sampled. */
    int watched() {
        return byId.size();
    }

    /** How many sample requests went to the engine so far. */
    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        closed = true;
        byId.keySet().forEach(this::forget);
    }

    private void request(Watched watched, Instant now) {
        if (!watched.pending.compareAndSet(false, true)) {
            return;
        }
        watched.requestedAt = now;
        requests.incrementAndGet();
        try {
            client.statsCmd(watched.id).withNoStream(true).exec(watched.new OneSample());
        } catch (RuntimeException e) {
            // usage() never throws: an engine problem is no sample, and another try at the next tick
            watched.pending.set(false);
        }
    }

    private static Duration staleAfter(Duration every) {
        return every.multipliedBy(2).plusSeconds(5);
    }

    private record Sample(ResourceUsage usage, Instant receivedAt) {
    }

    /** One container being sampled. */
    private final class Watched {

        private final String id;
        private final AtomicBoolean pending = new AtomicBoolean();
        private volatile Instant askedAt;
        private volatile Instant cpuAskedAt;
        private volatile Instant requestedAt;
        private volatile Sample latest;
        private volatile Closeable inFlight;
        private volatile boolean gone;

        Watched(String id) {
            this.id = id;
            this.askedAt = clock.instant();
        }

        void cancel() {
            Closing.quietly(inFlight);
        }

        /** How often it is sampled: often while the autoscaler asked lately, else at memory's pace. */
        Duration every(Instant now) {
            Instant cpu = cpuAskedAt;
            return cpu != null && !cpu.isBefore(now.minus(idleAfter)) ? SAMPLE_EVERY : MEMORY_SAMPLE_EVERY;
        }

        /** The callback of one one-shot request. */
        private final class OneSample implements ResultCallback<Statistics> {

            @Override
            public void onStart(Closeable response) {
                inFlight = response;
            }

            @Override
            public void onNext(Statistics sample) {
                Instant now = clock.instant();
                ResourceSamples.usage(sample, now).ifPresent(usage -> latest = new Sample(usage, now));
            }

            @Override
            public void onError(Throwable error) {
                gone |= error instanceof NotFoundException;
                done();
            }

            @Override
            public void onComplete() {
                done();
            }

            private void done() {
                inFlight = null;
                pending.set(false);
            }

            @Override
            public void close() {
                done();
            }
        }
    }
}
