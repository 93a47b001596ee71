package io.mcpfleet.manager.api;

import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.manager.events.FleetEvents;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /events}: every state change as Server-Sent Events. A new subscriber first gets one
 * {@code snapshot} event per service, so it needs no separate listing to start from.
 */
@RestController
class EventsController {

    private static final Logger LOG = LoggerFactory.getLogger(EventsController.class);
    /** Events a slow subscriber may fall behind by before it is dropped (it resyncs when it reconnects). */
    private static final int BACKLOG = 4096;
    private static final long HEARTBEAT_SECONDS = 15;

    private final FleetLifecycle fleet;
    private final FleetEvents events;
    private final ScheduledExecutorService heartbeats;
    private final OpenStreams streams;

    EventsController(FleetLifecycle fleet, FleetEvents events, ScheduledExecutorService apiScheduler,
                     OpenStreams streams) {
        this.fleet = fleet;
        this.events = events;
        this.heartbeats = apiScheduler;
        this.streams = streams;
    }

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(0L);
        // One sender thread per subscriber with a bounded backlog: a slow reader never blocks the
        // lifecycle, which only enqueues.
        ExecutorService sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(BACKLOG), r -> new Thread(r, "events-subscriber"));
        Subscription subscription = new Subscription(emitter, sender);
        for (ServiceSnapshot s : fleet.services()) {
            subscription.offer(events.of(s, FleetEventType.SNAPSHOT, null, null, null));
        }
        subscription.handle = events.subscribe(subscription::offer);
        subscription.heartbeat = heartbeats.scheduleAtFixedRate(subscription::heartbeat, HEARTBEAT_SECONDS,
                HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        return streams.track(emitter, subscription::close);
    }

    private static final class Subscription {
        private final SseEmitter emitter;
        private final ExecutorService sender;
        volatile AutoCloseable handle;
        volatile java.util.concurrent.ScheduledFuture<?> heartbeat;
        private volatile boolean closed;

        Subscription(SseEmitter emitter, ExecutorService sender) {
            this.emitter = emitter;
            this.sender = sender;
        }

        void offer(FleetEvent event) {
            if (closed) {
                return;
            }
            try {
                sender.execute(() -> send(SseEmitter.event().id(Long.toString(event.seq())).name(event.type())
                        .data(event, MediaType.APPLICATION_JSON)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.warn("an /events subscriber fell {} events behind; closing its stream", BACKLOG);
                emitter.complete();
                close();
            }
        }

        void heartbeat() {
            offerRaw(SseEmitter.event().comment("keepalive"));
        }

        private void offerRaw(SseEmitter.SseEventBuilder event) {
            if (!closed) {
                try {
                    sender.execute(() -> send(event));
                } catch (java.util.concurrent.RejectedExecutionException ignored) {
                    // Closing already.
                }
            }
        }

        private void send(SseEmitter.SseEventBuilder event) {
            if (closed) {
                return;
            }
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException e) {
                close();
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (handle != null) {
                    handle.close();
                }
            } catch (Exception ignored) {
                // Removing a subscriber cannot fail in a way that matters.
            }
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            sender.shutdown();
        }
    }
}
