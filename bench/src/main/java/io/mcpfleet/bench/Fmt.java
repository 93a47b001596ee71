package io.mcpfleet.bench;

import java.util.Locale;

/** Number formats of the table. */
final class Fmt {

    private Fmt() {
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f calls/s", perSecond);
    }

    static String ms(double millis) {
        return millis < 10 ? String.format(Locale.ROOT, "%.2f ms", millis) : String.format(Locale.ROOT, "%,.0f ms", millis);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    static String plusMs(double millis) {
        return String.format(Locale.ROOT, "%+.2f ms", millis);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    static String micros(double micros) {
        return String.format(Locale.ROOT, "%,.0f us", micros);
    }

    static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
