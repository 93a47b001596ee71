package io.mcpfleet.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A call to a service that is not running, through the router, against what the engine itself
 * needs for the same image in the same run ({@link EngineFloor}): from nothing (no container: create
 * and start), asleep in stop mode (start) and asleep in pause mode (unpause).
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
                nothing.floor.add(floor(EngineFloor.Step.CREATE));
                fleet.stop("cold");
                nothing.wake.add(timedCall(client, "cold"));
                if (fleet.setup.smoke()) {
                    continue;
                }
                stop.floor.add(floor(EngineFloor.Step.START));
                if (fleet.awaitAsleep("cold", SLEEP_WAIT)) {
                    stop.wake.add(timedCall(client, "cold"));
                }
                pause.floor.add(floor(EngineFloor.Step.UNPAUSE));
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

    private double timedCall(Mcp client, String service) throws IOException {
        long t0 = System.nanoTime();
        client.call(service + "__echo", "{\"text\":\"wake\"}");
        return EngineFloor.millisSince(t0, System.nanoTime());
    }

    private double floor(EngineFloor.Step step) throws IOException {
        return EngineFloor.millis(fleet.setup, EngineFloor.Image.MIMIC, step);
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
}
