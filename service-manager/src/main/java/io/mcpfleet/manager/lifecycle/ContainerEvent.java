package io.mcpfleet.manager.lifecycle;

import java.time.Instant;
import java.util.Map;

/**
 * An engine event about a container.
 *
 * @param id     container id
 * @param action engine action: {@code create}, {@code start}, {@code die}, {@code stop}, {@code kill},
 *               {@code pause}, {@code unpause}, {@code destroy}, {@code oom}, ...
 * @param labels the container's labels (as the engine attaches them to the event)
 * @param time   when it happened
 */
public record ContainerEvent(String id, String action, Map<String, String> labels, Instant time) {

    public ContainerEvent {
        labels = Map.copyOf(labels);
    }
}
