package io.mcpfleet.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's own cost of each operation the manager asks of it, for the busybox image (a 2 MB
 * {@code httpd}): create, start to the first HTTP 200, pause, unpause to the first HTTP 200, stop
 * (with an init, so SIGTERM ends it at once), remove. Driven over the engine's socket with no
 * client library: what no manager can beat on this machine (ENVIRONMENT.md's floors).
 */
final class EngineScenario {

    private static final String AREA = "engine";

    private final Setup setup;
    private final Table table;

    EngineScenario(Setup setup, Table table) {
        this.setup = setup;
        this.table = table;
    }

    void run() throws IOException {
        Engine engine = setup.engine();
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        int rounds = setup.smoke() ? 2 : 10;
        // One round to warm the engine and its caches up, not reported.
        for (int round = -1; round < rounds; round++) {
            Map<String, List<Double>> into = round < 0 ? new LinkedHashMap<>() : ms;
            int port = Setup.freePort();
            long t0 = System.nanoTime();
            String id = engine.create("bench-engine-" + System.nanoTime(), FleetFiles.BUSYBOX, Map.of(), 8000, port,
                    Map.of(Setup.LABEL, setup.fleet()));
            try {
                long t1 = add(into, "create", t0);
                engine.start(id);
                EngineFloor.Image.BUSYBOX.awaitReady(port);
                long t2 = add(into, "start to first HTTP 200", t1);
                engine.pause(id);
                add(into, "pause", t2);
                Sleep.millis(100);
                long t3 = System.nanoTime();
                engine.unpause(id);
                EngineFloor.Image.BUSYBOX.awaitReady(port);
                long t4 = add(into, "unpause to first HTTP 200", t3);
                engine.stop(id, 10);
                t4 = add(into, "stop (init, grace 10 s)", t4);
                engine.remove(id);
                add(into, "remove", t4);
            } finally {
                engine.remove(id);
            }
        }
        ms.forEach((what, samples) -> {
            Stats s = Stats.of(samples);
            table.add(Row.info(AREA, "busybox: " + what + ", median of " + s.count(), Fmt.ms(s.median()) + " (max "
                    + Fmt.ms(s.max()) + ")"));
        });
    }

    /** Records the time since {@code t0} under {@code what}; returns now, where the next step starts. */
    private static long add(Map<String, List<Double>> into, String what, long t0) {
        long now = System.nanoTime();
        into.computeIfAbsent(what, k -> new ArrayList<>()).add(EngineFloor.millisSince(t0, now));
        return now;
    }
}
