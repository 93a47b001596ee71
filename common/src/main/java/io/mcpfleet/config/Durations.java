package io.mcpfleet.config;

import java.time.Duration;

final class Durations {
    private Durations() {
    }

    static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got " + d);
        }
    }
}
