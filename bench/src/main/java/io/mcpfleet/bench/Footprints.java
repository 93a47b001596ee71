package io.mcpfleet.bench;

/** Start-up time to ready and resident memory of the product processes, with their targets. */
final class Footprints {

    private static final String AREA = "footprint";
    private static final long RSS_TARGET = 300_000_000L;
    private static final double STARTUP_TARGET_MS = 3000;

    private final Table table;

    Footprints(Table table) {
        this.table = table;
    }

    void startup(String what, Product.Running p) {
        double ms = p.startup().toNanos() / 1e6;
        table.add(new Row(AREA, what + ": start-up (java -jar to ready)", Fmt.ms(ms), "", "", "<= 3000 ms",
                Fmt.verdict(ms <= STARTUP_TARGET_MS)));
        table.add(Row.info(AREA, what + ": CPU time spent until ready", Fmt.ms(p.startupCpu().toNanos() / 1e6)));
    }

    void rss(String what, Product.Running p) {
        long rss = p.proc().rssBytes();
        table.add(new Row(AREA, what + ": resident memory", Fmt.mb(rss), "", "", "<= 300 MB",
                Fmt.verdict(rss <= RSS_TARGET)));
    }

    void manager(String what, Product.Running p) {
        rss(what, p);
    }
}
