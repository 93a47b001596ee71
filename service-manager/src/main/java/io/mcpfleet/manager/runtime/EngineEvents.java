package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.model.Event;
import io.mcpfleet.manager.lifecycle.ContainerEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The engine's container events as the port's {@link ContainerEvent}s. */
final class EngineEvents {

    /** Actor attributes the engine adds beside the container's labels. */
    private static final Set<String> ENGINE_ATTRIBUTES = Set.of("name", "image", "exitCode", "signal", "execID");

    private EngineEvents() {
    }

    static ContainerEvent toEvent(Event event) {
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : event.getActor().getAttributes();
        Map<String, String> labels = new HashMap<>(attributes);
        labels.keySet().removeAll(ENGINE_ATTRIBUTES);
        String id = event.getId() != null ? event.getId() : event.getActor() == null ? null : event.getActor().getId();
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        Instant time = event.getTimeNano() != null
                ? Instant.ofEpochSecond(0, event.getTimeNano())
                : Instant.ofEpochSecond(event.getTime() == null ? 0 : event.getTime());
        return new ContainerEvent(id, action, labels, time);
    }
}
