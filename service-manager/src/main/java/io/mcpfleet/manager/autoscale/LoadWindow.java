package io.mcpfleet.manager.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.ToDoubleFunction;

/** The samples of the last {@code span}, oldest first, with averages over any shorter span. */
final class LoadWindow {

    private final Duration span;
    private final Deque<LoadSample> samples = new ArrayDeque<>();

    LoadWindow(Duration span) {
        this.span = span;
    }

    void add(LoadSample sample) {
        samples.addLast(sample);
        Instant oldest = sample.at().minus(span);
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
        }
    }

    /**
     * The mean of {@code value} over the samples of the last {@code over} (up to {@code now}),
     * leaving out unknown ({@code NaN}) values; {@code NaN} when none is known. A window not yet
     * full (a service that just woke) averages what it has.
     */
    double average(Instant now, Duration over, ToDoubleFunction<LoadSample> value) {
        Instant from = now.minus(over);
        double sum = 0;
        int n = 0;
        for (LoadSample s : samples) {
            double v = value.applyAsDouble(s);
            if (!s.at().isBefore(from) && !Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    void clear() {
        samples.clear();
    }
}
