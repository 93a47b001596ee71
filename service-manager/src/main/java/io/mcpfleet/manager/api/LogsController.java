package io.mcpfleet.manager.api;

import io.mcpfleet.api.LogLine;
import io.mcpfleet.api.ServiceLogs;
import io.mcpfleet.manager.logs.FleetLogs;
import io.mcpfleet.manager.logs.LogFollow;
import io.mcpfleet.manager.logs.LogRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /services/{name}/logs}: what a service's instances wrote (stdout and stderr), from
 * the engine's log of each container; with {@code follow=true}, as Server-Sent Events until the
 * client goes away.
 */
@RestController
@RequestMapping(path = "/services")
class LogsController {

    /** A follow ends after this long (the client asks again): no stream is held forever by a forgotten tab. */
    static final Duration MAX_FOLLOW = Duration.ofHours(1);
    /** A comment this often: a write is how a client that went away is noticed, and its engine streams freed. */
    static final Duration KEEPALIVE = Duration.ofSeconds(5);

    private static final String TAIL = "at most this many lines over the instances read, 0 to "
            + LogRequest.MAX_TAIL + " (default " + LogRequest.DEFAULT_TAIL + ")";
    private static final String SINCE = "only lines written at or after: an ISO-8601 time (2026-11-27T08:01:02Z), "
            + "Unix seconds, or a time ago (90s, 10m, 2h, 1d)";
    private static final String INSTANCE = "only this instance: its container id, a unique prefix of it, or its name";
    private static final String FOLLOW = "true: stream as Server-Sent Events (event 'line', data a log line; "
            + "event 'skipped', data {\"skipped\": N} when lines over the rate limit were left out)";

    private final FleetLogs logs;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final OpenStreams streams;

    LogsController(FleetLogs logs, ScheduledExecutorService apiScheduler, Clock clock, OpenStreams streams) {
        this.logs = logs;
        this.scheduler = apiScheduler;
        this.clock = clock;
        this.streams = streams;
    }

    @Operation(summary = "Recent output of a service's instances",
            description = "Lines of stdout and stderr of every instance (or one), with the instance and the time, "
                    + "oldest first. Lines are cut at 4096 characters. follow=true streams them as Server-Sent Events.")
    @GetMapping(path = "/{name}/logs", produces = MediaType.APPLICATION_JSON_VALUE)
    ServiceLogs recent(@PathVariable String name,
                       @Parameter(description = TAIL) @RequestParam(required = false) String tail,
                       @Parameter(description = SINCE) @RequestParam(required = false) String since,
                       @Parameter(description = INSTANCE) @RequestParam(required = false) String instance,
                       @Parameter(description = FOLLOW) @RequestParam(required = false) String follow) {
        LogRequest request = LogRequest.parse(tail, since, instance, follow, clock);
        if (request.follow()) {
            // follow=true with an Accept that excludes text/event-stream lands here
            throw new BadRequestException("follow=true answers text/event-stream; accept it, or leave follow out");
        }
        return logs.recent(name, request);
    }

    @Operation(hidden = true)
    @GetMapping(path = "/{name}/logs", params = "follow=true", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter follow(@PathVariable String name,
                      @RequestParam(required = false) String tail,
                      @RequestParam(required = false) String since,
                      @RequestParam(required = false) String instance,
                      @RequestParam(required = false) String follow) {
        LogRequest request = LogRequest.parse(tail, since, instance, follow, clock);
        SseEmitter emitter = new SseEmitter(MAX_FOLLOW.toMillis());
        Stream stream = new Stream(emitter);
        stream.follow = logs.follow(name, request, stream);
        stream.keepalive = scheduler.scheduleAtFixedRate(stream::keepalive, KEEPALIVE.toMillis(),
                KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
        return streams.track(emitter, stream::close);
    }

    /** One follow's SSE stream. Lines arrive from several engine streams' threads: sends are serialised. */
    private static final class Stream implements LogFollow.Sink {

        private final SseEmitter emitter;
        private final ReentrantLock sending = new ReentrantLock();
        volatile LogFollow follow;
        volatile ScheduledFuture<?> keepalive;
        private volatile boolean closed;

        Stream(SseEmitter emitter) {
            this.emitter = emitter;
        }

        @Override
        public void line(LogLine line) {
            send(SseEmitter.event().name("line").data(line, MediaType.APPLICATION_JSON));
        }

        @Override
        public void skipped(long count) {
            send(SseEmitter.event().name("skipped").data(Map.of("skipped", count, "detail",
                    count + " lines over " + FleetLogs.FOLLOW_RATE + " a second were left out"),
                    MediaType.APPLICATION_JSON));
        }

        void keepalive() {
            LogFollow f = follow;
            if (f != null) {
                f.reportSkipped();
            }
            send(SseEmitter.event().comment("keepalive"));
        }

        private void send(SseEmitter.SseEventBuilder event) {
            if (closed) {
                return;
            }
            sending.lock();
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException e) {
                // the client went away (or the stream timed out): free the engine streams
                close();
            } finally {
                sending.unlock();
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            ScheduledFuture<?> k = keepalive;
            if (k != null) {
                k.cancel(false);
            }
            LogFollow f = follow;
            if (f != null) {
                f.close();
            }
        }
    }
}
