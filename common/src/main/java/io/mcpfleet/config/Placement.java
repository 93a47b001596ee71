package io.mcpfleet.config;

import java.util.List;

/**
 * Where Swarm may place the service's instances ({@code fleet.runtime: swarm} only).
 *
 * @param constraints Swarm placement constraints, e.g. {@code node.labels.zone==east}, {@code node.role!=manager};
 *                    every one must hold on the node a task is placed on
 */
public record Placement(List<String> constraints) {

    public static final Placement NONE = new Placement(List.of());

    public Placement {
        constraints = List.copyOf(constraints);
    }

    public boolean isEmpty() {
        return constraints.isEmpty();
    }
}
