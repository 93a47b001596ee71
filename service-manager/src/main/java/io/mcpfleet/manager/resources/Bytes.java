package io.mcpfleet.manager.resources;

import java.util.Locale;

/** Byte counts for people: {@code 64 MiB}, {@code 1.5 GiB}. */
final class Bytes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Bytes() {
    }

    static String format(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) || unit == 0
                ? String.format(Locale.ROOT, "%d %s", Math.round(value), UNITS[unit])
                : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
