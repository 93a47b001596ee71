package io.mcpfleet.bench;

import java.time.Duration;

/** Start-up time to ready and resident memory of the product processes, with their targets. */
final class Footprints {

    private static final String AREA = "footprint";
    private static final long RSS_TARGET = 300_000_000L;
    private static final double STARTUP_TARGET_MS = 3000;

    private final Table table;

    Footprints(Table table) {
        this.table = table;
    }

    /** Wall clock from launch to ready, against the target, and the CPU time it took. */
    void startup(String what, Duration wall, Duration cpu) {
        double ms = wall.toNanos() / 1e6;
        table.add(new Row(AREA, what + ": start-up (java @<app>.args to ready)", Fmt.ms(ms), "", "", "<= 3000 ms",
                Fmt.verdict(ms <= STARTUP_TARGET_MS)));
        table.add(Row.info(AREA, what + ": CPU time spent until ready", Fmt.ms(cpu.toNanos() / 1e6)));
    }

    void rss(String what, Product.Running p) {
        rss(what, p.proc().rssBytes());
    }

    void rss(String what, long rss) {
        table.add(new Row(AREA, what + ": resident memory", Fmt.mb(rss), "", "", "<= 300 MB",
                Fmt.verdict(rss <= RSS_TARGET)));
    }

    void manager(String what, Product.Running p) {
        rss(what, p);
    }
}
