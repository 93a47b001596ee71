package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code usage}: one engine stats stream per container someone asks about, each caching its latest
 * sample, because a one-shot {@code stats} request blocks for 1-1.5 s.
 *
 * <p>A stream opens on the first {@link #usage} of a container and closes when
 * <ul>
 *   <li>the runtime stops or removes the container ({@link #forget}),</li>
 *   <li>the engine ends it (the container was removed) or it fails,</li>
 *   <li>nobody asked for {@code idleAfter} ({@link #sweep}), or</li>
 *   <li>it has been silent for {@link #SILENT_AFTER}: the engine keeps the stream of a stopped
 *       container open but sends nothing, so silence is how a crash shows ({@link #sweep}).</li>
 * </ul>
 */
final class ContainerStats implements AutoCloseable {

    /** The engine samples every second; a sample older than this describes a container that no longer runs. */
    static final Duration STALE_AFTER = Duration.ofSeconds(5);
    static final Duration SILENT_AFTER = Duration.ofSeconds(10);
    static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(60);

    private final DockerClient streams;
    private final Clock clock;
    private final Duration idleAfter;
    private final Map<String, Stream> byId = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ContainerStats(DockerClient streams, Clock clock, Duration idleAfter) {
        this.streams = streams;
        this.clock = clock;
        this.idleAfter = idleAfter;
    }

    Optional<ResourceUsage> usage(String id) {
        if (closed) {
            return Optional.empty();
        }
        Stream stream = byId.computeIfAbsent(id, this::open);
        if (stream.ended) {
            // the engine refused or dropped it: let the next call open a fresh one
            byId.remove(id, stream);
        }
        Instant now = clock.instant();
        stream.askedAt = now;
        Sample latest = stream.latest;
        if (latest == null || latest.receivedAt.isBefore(now.minus(STALE_AFTER))) {
            return Optional.empty();
        }
        return Optional.of(latest.usage);
    }

    void forget(String id) {
        Stream stream = byId.remove(id);
        if (stream != null) {
            stream.close();
        }
    }

    /** Closes the streams nobody asked about lately and those gone silent. */
    void sweep() {
        Instant now = clock.instant();
        byId.forEach((id, stream) -> {
            Instant lastHeard = stream.latest == null ? stream.openedAt : stream.latest.receivedAt;
            if (stream.askedAt.isBefore(now.minus(idleAfter)) || lastHeard.isBefore(now.minus(SILENT_AFTER))) {
                if (byId.remove(id, stream)) {
                    stream.close();
                }
            }
        });
    }

    int openStreams() {
        return byId.size();
    }

    @Override
    public void close() {
        closed = true;
        byId.keySet().forEach(this::forget);
    }

    private Stream open(String id) {
        Stream stream = new Stream(id, clock.instant());
        try {
            streams.statsCmd(id).withNoStream(false).exec(stream);
        } catch (RuntimeException e) {
            // usage() never throws: an engine problem is an empty answer, and a retry on the next call
            stream.ended = true;
        }
        return stream;
    }

    private record Sample(ResourceUsage usage, Instant receivedAt) {
    }

    /** One engine stats stream. */
    private final class Stream implements ResultCallback<Statistics> {

        private final String id;
        private final Instant openedAt;
        private volatile Instant askedAt;
        private volatile Sample latest;
        private volatile Closeable response;
        private volatile boolean ended;

        Stream(String id, Instant openedAt) {
            this.id = id;
            this.openedAt = openedAt;
            this.askedAt = openedAt;
        }

        @Override
        public void onStart(Closeable response) {
            this.response = response;
            if (ended) {
                close();
            }
        }

        @Override
        public void onNext(Statistics sample) {
            Instant now = clock.instant();
            ResourceSamples.usage(sample, now).ifPresent(usage -> latest = new Sample(usage, now));
        }

        @Override
        public void onError(Throwable error) {
            end();
        }

        @Override
        public void onComplete() {
            end();
        }

        private void end() {
            ended = true;
            byId.remove(id, this);
        }

        @Override
        public void close() {
            ended = true;
            Closing.quietly(response);
        }
    }
}
