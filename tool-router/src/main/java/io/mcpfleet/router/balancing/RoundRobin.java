package io.mcpfleet.router.balancing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each instance in turn. */
final class RoundRobin implements Balancer {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public <T extends Balanced> T pick(List<T> candidates) {
        return candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
    }
}
