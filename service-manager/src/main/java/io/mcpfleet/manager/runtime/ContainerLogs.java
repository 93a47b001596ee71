package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.mcpfleet.manager.lifecycle.LogQuery;
import io.mcpfleet.manager.lifecycle.LogReceiver;
import io.mcpfleet.manager.lifecycle.OutputLine;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code logs}: a container's output through the engine's log API ({@code GET /containers/{id}/logs}
 * with timestamps), one frame per line the container wrote (the engine cuts lines over 16 KiB into
 * several frames; each arrives as a line of its own).
 *
 * <p>A followed read goes on the stream client (no response timeout: a quiet container may write
 * nothing for hours); a one-shot read on the request client. Closing the handle closes the
 * response, which ends the engine's stream and frees its connection.
 *
 * <p>The engine takes {@code since} in whole seconds here (docker-java's parameter is an integer),
 * so lines of the same second before {@code since} are dropped on this side.
 */
final class ContainerLogs {

    private final DockerClient requests;
    private final DockerClient streams;
    private final ContainerNames names;
    private final Clock clock;
    private final Set<Reading> open = ConcurrentHashMap.newKeySet();

    ContainerLogs(DockerClient requests, DockerClient streams, ContainerNames names, Clock clock) {
        this.requests = requests;
        this.streams = streams;
        this.names = names;
        this.clock = clock;
    }

    AutoCloseable logs(String id, LogQuery query, LogReceiver receiver) {
        LogContainerCmd cmd = (query.follow() ? streams : requests).logContainerCmd(id)
                .withStdOut(query.stdout())
                .withStdErr(true)
                .withTimestamps(true)
                .withFollowStream(query.follow());
        if (query.tail() == null) {
            cmd.withTailAll();
        } else {
            cmd.withTail(query.tail());
        }
        if (query.since() != null && query.since().getEpochSecond() > 0) {
            cmd.withSince((int) Math.min(Integer.MAX_VALUE, query.since().getEpochSecond()));
        }
        Reading reading = new Reading(id, query.since(), receiver);
        open.add(reading);
        try {
            cmd.exec(reading);
        } catch (RuntimeException e) {
            reading.onError(e);
        }
        return reading::close;
    }

    /** Reads in progress (followed or not): what {@link #close} would end. */
    int open() {
        return open.size();
    }

    void close() {
        open.forEach(Reading::close);
    }

    /**
     * A frame's text as lines: each starts with the engine's RFC 3339 timestamp and a space. A piece
     * without one (a frame of a TTY container, which holds several lines) takes {@code fallback}.
     */
    static void parse(StreamType type, byte[] payload, Instant fallback, java.util.function.Consumer<OutputLine> out) {
        String stream = type == StreamType.STDERR ? OutputLine.STDERR : OutputLine.STDOUT;
        String text = new String(payload, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1));
        }
        Instant time = fallback;
        for (String piece : text.split("\n", -1)) {
            int space = piece.indexOf(' ');
            Instant stamped = space > 0 ? timestamp(piece.substring(0, space)) : null;
            if (stamped != null) {
                time = stamped;
                piece = piece.substring(space + 1);
            } else if (space < 0 && timestamp(piece) != null) {
                // an empty line: the engine's timestamp and nothing after it
                time = timestamp(piece);
                piece = "";
            }
            out.accept(new OutputLine(time, stream, piece.endsWith("\r") ? piece.substring(0, piece.length() - 1)
                    : piece));
        }
    }

    private static Instant timestamp(String text) {
        if (text.length() < 20 || text.charAt(4) != '-' || text.charAt(10) != 'T') {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The callback of one read. */
    private final class Reading implements ResultCallback<Frame> {

        private final String id;
        private final Instant since;
        private final LogReceiver receiver;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Closeable response;
        private volatile boolean closed;
        private Instant last;

        Reading(String id, Instant since, LogReceiver receiver) {
            this.id = id;
            this.since = since;
            this.receiver = receiver;
        }

        @Override
        public void onStart(Closeable stream) {
            response = stream;
            if (closed) {
                // closed while the request was being made
                Closing.quietly(stream);
            }
        }

        @Override
        public void onNext(Frame frame) {
            if (closed || frame.getPayload() == null) {
                return;
            }
            try {
                parse(frame.getStreamType(), frame.getPayload(), last == null ? clock.instant() : last, line -> {
                    last = line.time();
                    if (since == null || !line.time().isBefore(since)) {
                        receiver.line(line);
                    }
                });
            } catch (RuntimeException e) {
                end(e);
                close();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (closed) {
                // a read we closed ends with the socket's error: that is its normal end
                end(null);
                return;
            }
            RuntimeException e = error instanceof RuntimeException r ? r : new RuntimeException(error);
            end(DockerErrors.map("read the output of", names.describe(id), e));
        }

        @Override
        public void onComplete() {
            end(null);
        }

        @Override
        public void close() {
            closed = true;
            Closing.quietly(response);
            end(null);
        }

        private void end(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                open.remove(this);
                receiver.ended(error);
            }
        }
    }
}
