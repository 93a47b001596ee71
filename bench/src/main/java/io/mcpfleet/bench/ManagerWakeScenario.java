package io.mcpfleet.bench;

import io.mcpfleet.api.InstanceView;
import io.mcpfleet.api.ServiceStatus;
import io.mcpfleet.api.SleepStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The manager alone, without the router: a service asleep by its own idle policy is woken by
 * {@code POST /services/{name}/start} (which answers once the manager's probe finds an instance
 * healthy), against the engine's floor for the same image and step measured round by round beside
 * it ({@link EngineFloor}), for busybox (a 2 MB {@code httpd}) and the mimic (a JVM MCP server), in
 * stop and pause mode, and once more with a 10 ms start-up probe interval. For the mimic also the
 * first {@code initialize} answered after the start (what a call held by the router sees), the
 * memory a paused mimic keeps, and what one {@code mcp} health probe costs ({@link ProbeCost}).
 */
final class ManagerWakeScenario {

    private static final String AREA = "manager wake";
    private static final Duration SLEEP_WAIT = Duration.ofSeconds(30);

    /** A service of the scenario fleet (the {@code api-*} ones of {@link FleetFiles#scenarios}) and how it is measured. */
    private record Case(String service, EngineFloor.Image image, boolean pause, String what) {
    }

    private static final List<Case> CASES = List.of(
            new Case("api-bb-stop", EngineFloor.Image.BUSYBOX, false, "busybox, asleep in stop mode"),
            new Case("api-bb-fast", EngineFloor.Image.BUSYBOX, false,
                    "busybox, asleep in stop mode, health.startup_interval 10 ms"),
            new Case("api-bb-pause", EngineFloor.Image.BUSYBOX, true, "busybox, asleep in pause mode"),
            new Case("api-mimic-stop", EngineFloor.Image.MIMIC, false, "mimic, asleep in stop mode"),
            new Case("api-mimic-pause", EngineFloor.Image.MIMIC, true, "mimic, asleep in pause mode"));

    private final ScenarioFleet fleet;
    private final Table table;
    private final int rounds;

    ManagerWakeScenario(ScenarioFleet fleet, Table table) {
        this.fleet = fleet;
        this.table = table;
        this.rounds = fleet.setup.smoke() ? 1 : 5;
    }

    void run() throws IOException {
        for (Case c : CASES) {
            try {
                measure(c);
            } finally {
                fleet.stop(c.service);
            }
        }
        new ProbeCost(fleet.setup, table).run();
    }

    private void measure(Case c) throws IOException {
        List<Double> floor = new ArrayList<>();
        List<Double> answered = new ArrayList<>();
        List<Double> initialized = new ArrayList<>();
        List<Double> internal = new ArrayList<>();
        fleet.api.start(c.service);
        long awake = c.image == EngineFloor.Image.MIMIC && c.pause ? memory(c.service) : 0;
        for (int round = 0; round < rounds; round++) {
            // Each wake next to its floor, so that a burst of other work on the machine hits both alike.
            floor.add(EngineFloor.millis(fleet.setup, c.image,
                    c.pause ? EngineFloor.Step.UNPAUSE : EngineFloor.Step.START));
            if (!fleet.awaitAsleep(c.service, SLEEP_WAIT)) {
                table.add(Row.unavailable(AREA, c.what, "the manager did not put the idle service to sleep within "
                        + SLEEP_WAIT.toSeconds() + " s"));
                return;
            }
            if (awake > 0 && round == 0) {
                table.add(Row.info(AREA, "mimic asleep in pause mode: memory it keeps", Fmt.mb(memory(c.service))
                        + " (awake " + Fmt.mb(awake) + ")"));
            }
            long t0 = System.nanoTime();
            fleet.api.start(c.service);
            answered.add(EngineFloor.millisSince(t0, System.nanoTime()));
            ServiceStatus status = fleet.api.status(c.service);
            if (c.image == EngineFloor.Image.MIMIC) {
                long ready = Probe.untilInitialized(port(status), System.nanoTime() + Duration.ofSeconds(60).toNanos());
                initialized.add(EngineFloor.millisSince(t0, ready));
            }
            SleepStatus sleep = status.sleep();
            if (sleep != null && sleep.lastWake() != null) {
                internal.add((double) sleep.lastWake().tookMs());
            }
        }
        report(c, floor, answered, initialized, internal);
    }

    private void report(Case c, List<Double> floors, List<Double> answered, List<Double> initialized,
                        List<Double> internal) {
        Stats wake = Stats.of(answered);
        double f = Stats.of(floors).median();
        double w = wake.median();
        double allowance = c.pause ? 100 : 300;
        boolean met = c.pause ? w <= allowance : w <= f + allowance;
        table.add(new Row(AREA, c.what + ": POST /start answered, median of " + wake.count(), Fmt.ms(w) + " (max "
                + Fmt.ms(wake.max()) + ")", "engine floor " + Fmt.ms(f), Fmt.plusMs(w - f),
                c.pause ? "<= 100 ms" : "<= floor + 300 ms", Fmt.verdict(met)));
        if (!initialized.isEmpty()) {
            double i = Stats.of(initialized).median();
            table.add(new Row(AREA, c.what + ": + initialize answered (median)", Fmt.ms(i), "engine floor "
                    + Fmt.ms(f), Fmt.plusMs(i - f), "", ""));
        }
        if (!internal.isEmpty()) {
            table.add(Row.info(AREA, c.what + ": the manager's own wake, request to healthy probe (fleet_wake_seconds)",
                    Fmt.ms(Stats.of(internal).median())));
        }
    }

    /** What the service's one container charges now (page cache excluded). */
    private long memory(String service) throws IOException {
        return fleet.setup.engine().memoryBytes(instance(fleet.api.status(service)).id());
    }

    private static int port(ServiceStatus status) {
        return URI.create(instance(status).endpoint()).getPort();
    }

    private static InstanceView instance(ServiceStatus status) {
        if (status.instances().isEmpty()) {
            throw new IllegalStateException("service " + status.name() + " has no instance: " + status);
        }
        return status.instances().get(0);
    }
}
