package io.mcpfleet.router.balancing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instance with the fewest calls in flight; ties are broken by a rotating start so equal
 * instances share the load instead of the first one taking it all.
 */
final class LeastConnections implements Balancer {

    private final AtomicInteger start = new AtomicInteger();

    @Override
    public <T extends Balanced> T pick(List<T> candidates) {
        int n = candidates.size();
        int offset = n == 1 ? 0 : Math.floorMod(start.getAndIncrement(), n);
        T best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            T candidate = candidates.get((offset + i) % n);
            int load = candidate.load().inFlight();
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }
}
