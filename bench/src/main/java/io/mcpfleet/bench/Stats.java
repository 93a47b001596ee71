package io.mcpfleet.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample (nearest rank), in the sample's unit. */
final class Stats {

    private final double[] sorted;

    private Stats(double[] sorted) {
        this.sorted = sorted;
    }

    static Stats of(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return new Stats(a);
    }

    static Stats ofNanosAsMillis(long[] nanos, int count) {
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            a[i] = nanos[i] / 1e6;
        }
        Arrays.sort(a);
        return new Stats(a);
    }

    int count() {
        return sorted.length;
    }

    boolean empty() {
        return sorted.length == 0;
    }

    /** The p-th percentile (0-100), nearest rank; NaN when empty. */
    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    double median() {
        return percentile(50);
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }
}
