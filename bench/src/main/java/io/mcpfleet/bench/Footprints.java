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

    /**
     * Wall clock from launch to ready against the target, and the CPU time it took, each beside
     * the same start with plain {@code java -jar}.
     */
    void startup(String what, Duration wall, Duration cpu, Duration jarWall, Duration jarCpu) {
        double ms = wall.toNanos() / 1e6;
        double jarMs = jarWall.toNanos() / 1e6;
        table.add(new Row(AREA, what + ": start-up (java @<app>.args to ready)", Fmt.ms(ms), "java -jar " + Fmt.ms(jarMs),
                Fmt.ratio(ms / jarMs), "<= 3000 ms", Fmt.verdict(ms <= STARTUP_TARGET_MS)));
        double cpuMs = cpu.toNanos() / 1e6;
        double jarCpuMs = jarCpu.toNanos() / 1e6;
        table.add(new Row(AREA, what + ": CPU time spent until ready", Fmt.ms(cpuMs), "java -jar " + Fmt.ms(jarCpuMs),
                Fmt.ratio(cpuMs / jarCpuMs), "", ""));
    }

    /** Resident memory against the target, beside the same with plain {@code java -jar}. */
    void rss(String what, long rss, long jarRss) {
        table.add(new Row(AREA, what + ": resident memory", Fmt.mb(rss), "java -jar " + Fmt.mb(jarRss), "",
                "<= 300 MB", Fmt.verdict(rss <= RSS_TARGET)));
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
