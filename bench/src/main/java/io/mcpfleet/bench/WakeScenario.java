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
        Floors floors = floors();
        coldStartFromNothing(floors.create);
        if (!fleet.setup.smoke()) {
            asleep("cold", "stop", floors.start, "cold wake, asleep in stop mode", 300, true);
            asleep("warm", "pause", floors.unpause, "warm wake, asleep in pause mode", 100, false);
        }
    }

    /** Engine floors (ms) for the mimic image: create+start, start, unpause, each to initialize answered. */
    private record Floors(Stats create, Stats start, Stats unpause) {
    }

    private Floors floors() throws IOException {
        Engine engine = fleet.setup.engine();
        Map<String, String> env = Map.of("MIMIC_JSON_RESPONSE", "true", "PORT", "8000");
        Map<String, String> labels = Map.of(Setup.LABEL, "floor");
        List<Double> create = new ArrayList<>();
        List<Double> start = new ArrayList<>();
        List<Double> unpause = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            int port = Setup.freePort();
            long t0 = System.nanoTime();
            String id = engine.create("bench-floor-" + System.nanoTime(), FleetFiles.MIMIC, env, 8000, port, labels);
            try {
                engine.start(id);
                create.add(millisSince(t0, Probe.untilInitialized(port, deadline())));
                engine.stop(id, 10);
                long t1 = System.nanoTime();
                engine.start(id);
                start.add(millisSince(t1, Probe.untilInitialized(port, deadline())));
                engine.pause(id);
                Sleep.millis(200);
                long t2 = System.nanoTime();
                engine.unpause(id);
                unpause.add(millisSince(t2, Probe.untilInitialized(port, deadline())));
            } finally {
                engine.remove(id);
            }
        }
        return new Floors(Stats.of(create), Stats.of(start), Stats.of(unpause));
    }

    private void coldStartFromNothing(Stats floor) throws IOException {
        List<Double> took = new ArrayList<>();
        try (Mcp client = fleet.session()) {
            for (int i = 0; i < rounds; i++) {
                fleet.stop("cold");
                long t0 = System.nanoTime();
                client.call("cold__echo", "{\"text\":\"wake\"}");
                took.add(millisSince(t0, System.nanoTime()));
            }
        }
        report("cold start, service stopped (no container: create + start)", Stats.of(took), floor, 300, true);
    }

    private void asleep(String service, String mode, Stats floor, String what, double allowance, boolean overFloor)
            throws IOException {
        List<Double> took = new ArrayList<>();
        try (Mcp client = fleet.session()) {
            client.call(service + "__echo", "{\"text\":\"first\"}");
            for (int i = 0; i < rounds; i++) {
                if (!fleet.awaitAsleep(service, SLEEP_WAIT)) {
                    table.add(Row.unavailable(AREA, what, "the manager did not put the idle service to sleep within "
                            + SLEEP_WAIT.toSeconds() + " s (no idle sleep in this build?)"));
                    return;
                }
                long t0 = System.nanoTime();
                client.call(service + "__echo", "{\"text\":\"wake\"}");
                took.add(millisSince(t0, System.nanoTime()));
            }
        }
        report(what + " (" + mode + ")", Stats.of(took), floor, allowance, overFloor);
    }

    /** A row: the median wake against the floor's median; the target is floor + allowance, or an absolute bound. */
    private void report(String what, Stats wake, Stats floor, double allowance, boolean overFloor) {
        double w = wake.median();
        double f = floor.median();
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
