package io.mcpfleet.router.balancing;

import io.mcpfleet.config.Balancing;
import java.util.List;

/** Chooses one instance among eligible candidates. One per service (some keep a cursor). */
public interface Balancer {

    /** Picks one of {@code candidates} (never empty). */
    <T extends Balanced> T pick(List<T> candidates);

    static Balancer of(Balancing strategy) {
        return switch (strategy) {
            case LEAST_CONNECTIONS -> new LeastConnections();
            case ROUND_ROBIN -> new RoundRobin();
            case WEIGHTED -> new WeightedByLatency();
        };
    }
}
