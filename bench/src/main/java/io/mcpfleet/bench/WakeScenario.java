package io.mcpfleet.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A call to a service that is not running, through the router, against what the engine itself
 * needs for the same image in the same run (the floor): from nothing (no container: create and
 * start), asleep in stop mode (start) and asleep in pause mode (unpause), each to the first
 * answered {@code initialize} of a container driven directly through the engine API.
 */
final class WakeScenario {

    private static final String AREA = "wake";
    private static final Duration SLEEP_WAIT = Duration.ofSeconds(20);

    private final ScenarioFleet fleet;
    private final Table table;
    private final int rounds;

    WakeScenario(ScenarioFleet fleet, Table table) {
        this.fleet = fleet;
        this.table = table;
        this.rounds = fleet.setup.smoke() ? 1 : 5;
    }

    void run() throws IOException {
        Samples nothing = new Samples();
        Samples stop = new Samples();
        Samples pause = new Samples();
        try (Mcp client = fleet.session()) {
            // Round by round, each wake next to its floor, so that a burst of other work on the
            // machine hits both alike.
            for (int i = 0; i < rounds; i++) {
                nothing.floor.add(floor(Floor.CREATE));
                fleet.stop("cold");
                nothing.wake.add(timedCall(client, "cold"));
                if (fleet.setup.smoke()) {
                    continue;
                }
                stop.floor.add(floor(Floor.START));
                if (fleet.awaitAsleep("cold", SLEEP_WAIT)) {
                    stop.wake.add(timedCall(client, "cold"));
                }
                pause.floor.add(floor(Floor.UNPAUSE));
                if (i == 0) {
                    client.call("warm__echo", "{\"text\":\"first\"}");
                }
                if (fleet.awaitAsleep("warm", SLEEP_WAIT)) {
                    pause.wake.add(timedCall(client, "warm"));
                }
            }
        }
        report("cold start, service stopped (no container: create + start)", nothing, 300, true);
        if (!fleet.setup.smoke()) {
            report("cold wake, asleep in stop mode", stop, 300, true);
            report("warm wake, asleep in pause mode", pause, 100, false);
        }
    }

    /** What a wake took through the router, and the engine's floor for the same step. */
    private static final class Samples {
        final List<Double> wake = new ArrayList<>();
        final List<Double> floor = new ArrayList<>();
    }

    private enum Floor { CREATE, START, UNPAUSE }

    private double timedCall(Mcp client, String service) throws IOException {
        long t0 = System.nanoTime();
        client.call(service + "__echo", "{\"text\":\"wake\"}");
        return millisSince(t0, System.nanoTime());
    }

    /**
     * The engine's floor for the mimic image, driven directly: a new container (create, start) or
     * one stopped or paused before, to its first answered {@code initialize}.
     */
    private double floor(Floor kind) throws IOException {
        Engine engine = fleet.setup.engine();
        int port = Setup.freePort();
        String id = engine.create("bench-floor-" + System.nanoTime(), FleetFiles.MIMIC,
                Map.of("MIMIC_JSON_RESPONSE", "true", "PORT", "8000"), 8000, port, Map.of(Setup.LABEL, "floor"));
        try {
            long t0 = System.nanoTime();
            engine.start(id);
            long ready = Probe.untilInitialized(port, deadline());
            if (kind == Floor.CREATE) {
                return millisSince(t0, ready);
            }
            if (kind == Floor.START) {
                engine.stop(id, 10);
                long t1 = System.nanoTime();
                engine.start(id);
                return millisSince(t1, Probe.untilInitialized(port, deadline()));
            }
            engine.pause(id);
            Sleep.millis(200);
            long t2 = System.nanoTime();
            engine.unpause(id);
            return millisSince(t2, Probe.untilInitialized(port, deadline()));
        } finally {
            engine.remove(id);
        }
    }

    /** A row: the median wake against the floor's median; the target is floor + allowance, or an absolute bound. */
    private void report(String what, Samples samples, double allowance, boolean overFloor) {
        if (samples.wake.isEmpty()) {
            table.add(Row.unavailable(AREA, what, "the manager did not put the idle service to sleep within "
                    + SLEEP_WAIT.toSeconds() + " s (no idle sleep in this build?)"));
            return;
        }
        Stats wake = Stats.of(samples.wake);
        double w = wake.median();
        double f = Stats.of(samples.floor).median();
        String target = overFloor ? "<= floor + " + (int) allowance + " ms" : "<= " + (int) allowance + " ms";
        boolean met = overFloor ? w <= f + allowance : w <= allowance;
        table.add(new Row(AREA, what + ", median of " + wake.count(), Fmt.ms(w) + " (max " + Fmt.ms(wake.max()) + ")",
                "engine floor " + Fmt.ms(f), Fmt.plusMs(w - f), target, Fmt.verdict(met)));
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    }

    private static double millisSince(long t0, long t1) {
        return (t1 - t0) / 1e6;
    }
}
