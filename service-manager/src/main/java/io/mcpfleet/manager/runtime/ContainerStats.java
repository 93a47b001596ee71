package io.mcpfleet.manager.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code usage}: the latest resource sample of each container someone asks about, refreshed every
 * {@link #SAMPLE_EVERY} while the autoscaler reads its CPU ({@link #cpuUsage}), else every
 * {@link #MEMORY_SAMPLE_EVERY}, so that {@code usage} itself never waits.
 *
 * <p>A sample is one {@code GET /containers/{id}/stats?stream=false&one-shot=true} on this class's
 * own two threads: the engine answers from one reading at once, and the CPU figure is the container's
 * CPU time over the host's between two consecutive samples, that is over the sampling interval.
 * A container's first ask takes two readings {@link #FIRST_CPU_AFTER} apart (as the engine itself
 * does for a request without {@code one-shot}), so a first sample is there as soon as it was.
 * An engine older than API 1.41 ignores {@code one-shot} and answers after its own two readings,
 * a second later; the figures are the same.
 *
 * <p>Why not docker-java's {@code statsCmd}: it starts a thread for every request (its streaming
 * path), and with 60 running containers those threads and the engine's one-second wait were most
 * of what an idle manager spent (docs/benchmarks.md, "Manager"). Why not the engine's stats stream:
 * a sample a second per container to decode, for an autoscaler whose stable window is a minute.
 * Everything but the autoscaler reads memory (the budget, the footprints of sleepers, the status API,
 * the Prometheus gauges), which an idle fleet barely changes: a sample every 30 s serves it.
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
    /** Between a container's first two readings: its first CPU figure is the CPU over this time. */
    static final Duration FIRST_CPU_AFTER = Duration.ofSeconds(1);
    /** Two missed samples and the engine's answer time: older, a sample describes a container that may have stopped. */
    static final Duration STALE_AFTER = staleAfter(SAMPLE_EVERY);
    static final Duration MEMORY_STALE_AFTER = staleAfter(MEMORY_SAMPLE_EVERY);
    static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(60);

    private final DockerHttpClient http;
    private final ObjectMapper json = DockerClientConfig.getDefaultObjectMapper();
    private final Clock clock;
    private final Duration idleAfter;
    // Two threads: a one-shot answer takes a millisecond, but a busy engine sometimes takes a second.
    private final ScheduledThreadPoolExecutor sampler = new ScheduledThreadPoolExecutor(2, task -> {
        Thread thread = new Thread(task, "fleet-docker-stats");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Watched> byId = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean closed;

    /** @param client a client made by {@link DockerClients}: its requests go through its {@link DockerHttpClient} */
    ContainerStats(DockerClient client, Clock clock, Duration idleAfter) {
        if (!(client instanceof DockerClientImpl impl) || impl.getHttpClient() == null) {
            throw new IllegalArgumentException("container stats need a docker-java client on a DockerHttpClient "
                    + "(DockerClients, or DockerClientImpl.getInstance(config, httpClient)), not " + client);
        }
        this.http = impl.getHttpClient();
        // Closing drops the second readings not yet due, and lets a request under way end on its own:
        // an interrupt would close its pooled connection under the client.
        sampler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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
        byId.remove(id);
    }

    /** Drops the containers nobody asked about lately and those gone, and samples the ones due. */
    void tick() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        byId.forEach((id, watched) -> {
            if (watched.gone || watched.askedAt.isBefore(now.minus(idleAfter))) {
                byId.remove(id, watched);
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
        byId.clear();
        sampler.shutdown();
    }

    private void request(Watched watched, Instant now) {
        if (!watched.pending.compareAndSet(false, true)) {
            return;
        }
        watched.requestedAt = now;
        submit(watched, Duration.ZERO);
    }

    private void submit(Watched watched, Duration delay) {
        requests.incrementAndGet();
        try {
            sampler.schedule(() -> sample(watched), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
            watched.pending.set(false);
        }
    }

    /** One reading, on the sampler's thread; a container's first is followed by a second for its CPU. */
    private void sample(Watched watched) {
        boolean again = false;
        try {
            Statistics reading = read(watched);
            if (reading != null) {
                again = watched.record(reading, clock.instant()) && !closed && byId.get(watched.id) == watched;
            }
        } catch (IOException | RuntimeException e) {
            // usage() never throws: an engine problem is no sample, and another try at the next due tick
        } finally {
            if (again) {
                submit(watched, FIRST_CPU_AFTER);
            } else {
                watched.pending.set(false);
            }
        }
    }

    /** The engine's reading of the container, or null when it has none (no 200); a 404 marks it gone. */
    private Statistics read(Watched watched) throws IOException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + watched.id + "/stats?stream=false&one-shot=true")
                .build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            if (response.getStatusCode() == 404) {
                watched.gone = true;
                return null;
            }
            if (response.getStatusCode() != 200) {
                return null;
            }
            try (InputStream body = response.getBody()) {
                return json.readValue(body, Statistics.class);
            }
        }
    }

    private static Duration staleAfter(Duration every) {
        return every.multipliedBy(2).plusSeconds(5);
    }

    private record Sample(ResourceUsage usage, Instant receivedAt) {
    }

    /** One container being sampled; its readings are recorded on the sampler's thread alone. */
    private final class Watched {

        private final String id;
        private final AtomicBoolean pending = new AtomicBoolean();
        private volatile Instant askedAt;
        private volatile Instant cpuAskedAt;
        private volatile Instant requestedAt;
        private volatile Sample latest;
        private volatile boolean gone;
        /** The CPU counters of the previous reading, which the next one's are compared with. */
        private CpuStatsConfig cpuBefore;
        private int readings;

        Watched(String id) {
            this.id = id;
            this.askedAt = clock.instant();
        }

        /** How often it is sampled: often while the autoscaler asked lately, else at memory's pace. */
        Duration every(Instant now) {
            Instant cpu = cpuAskedAt;
            return cpu != null && !cpu.isBefore(now.minus(idleAfter)) ? SAMPLE_EVERY : MEMORY_SAMPLE_EVERY;
        }

        /** Records a reading; true when it was the first, which a second must follow to give a CPU figure. */
        boolean record(Statistics reading, Instant receivedAt) {
            readings++;
            CpuStatsConfig before = cpuBefore;
            cpuBefore = reading.getCpuStats();
            ResourceSamples.usage(reading, before, receivedAt).ifPresent(usage -> latest = new Sample(usage, receivedAt));
            return readings == 1 && latest == null;
        }
    }
}
