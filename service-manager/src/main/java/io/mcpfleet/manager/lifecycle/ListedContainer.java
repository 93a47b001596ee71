package io.mcpfleet.manager.lifecycle;

import java.util.Map;

/**
 * A container as the engine's list shows it: enough to tell whether anything changed since the
 * last full look ({@link ContainerSnapshot} needs an inspect per container).
 *
 * @param id     full container id
 * @param labels its labels
 * @param status engine state
 */
public record ListedContainer(String id, Map<String, String> labels, ContainerStatus status) {

    public ListedContainer {
        labels = Map.copyOf(labels);
    }

    public String label(String key) {
        return labels.get(key);
    }
}
