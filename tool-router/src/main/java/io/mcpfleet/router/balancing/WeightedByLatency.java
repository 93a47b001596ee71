package io.mcpfleet.router.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random choice weighted by speed: each instance's weight is the inverse of its latency average,
 * so an instance twice as fast gets twice the calls. Instances without samples yet get the
 * weight of the fastest known one, so they are tried soon.
 */
final class WeightedByLatency implements Balancer {

    private static final double FLOOR_MILLIS = 0.05;

    @Override
    public <T extends Balanced> T pick(List<T> candidates) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        double fastest = Double.MAX_VALUE;
        for (T c : candidates) {
            double l = c.load().latencyMillis();
            if (!Double.isNaN(l)) {
                fastest = Math.min(fastest, Math.max(l, FLOOR_MILLIS));
            }
        }
        if (fastest == Double.MAX_VALUE) {
            return candidates.get(ThreadLocalRandom.current().nextInt(n));
        }
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double l = candidates.get(i).load().latencyMillis();
            weights[i] = 1.0 / (Double.isNaN(l) ? fastest : Math.max(l, FLOOR_MILLIS));
            total += weights[i];
        }
        double r = ThreadLocalRandom.current().nextDouble(total);
        for (int i = 0; i < n; i++) {
            r -= weights[i];
            if (r < 0) {
                return candidates.get(i);
            }
        }
        return candidates.get(n - 1);
    }
}
