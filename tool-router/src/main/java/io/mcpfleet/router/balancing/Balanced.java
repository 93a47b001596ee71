package io.mcpfleet.router.balancing;

/** Something a {@link Balancer} can choose: it exposes its load. */
public interface Balanced {
    InstanceLoad load();
}
