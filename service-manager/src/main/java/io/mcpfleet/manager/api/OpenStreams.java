package io.mcpfleet.manager.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The API's open Server-Sent Event streams ({@code /events}, log follows), ended when the manager
 * shuts down. Graceful shutdown waits for active requests, and a stream is one until it ends: the
 * router's own {@code /events} subscription alone held every manager stop for the whole shutdown
 * timeout. A closing context announces itself before it stops its lifecycle beans (graceful
 * shutdown among them), so the streams are completed first and their clients see the end.
 */
@Component
class OpenStreams {

    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();

    /** Tracks {@code emitter} until it ends in any way; {@code ended} then frees what feeds it. */
    SseEmitter track(SseEmitter emitter, Runnable ended) {
        Runnable end = () -> {
            open.remove(emitter);
            ended.run();
        };
        emitter.onCompletion(end);
        emitter.onTimeout(end);
        emitter.onError(e -> end.run());
        open.add(emitter);
        return emitter;
    }

    int size() {
        return open.size();
    }

    @EventListener(ContextClosedEvent.class)
    void endAll() {
        for (SseEmitter emitter : open) {
            emitter.complete();
        }
    }
}
