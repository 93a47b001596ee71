package io.mcpfleet.bench;

import io.mcpfleet.testsupport.ManagerApi;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The wake and scale scenarios on {@code fleet.runtime: swarm} (the engine's swarm), in the same run
 * as their plain-engine rows ({@link WakeScenario}, {@link ScaleScenario}) for a side-by-side figure:
 * a tool call to a service asleep at zero replicas (the service is scaled back to one and its task
 * started), and scale-out from one to five instances (five Swarm services). Needs the engine to be a
 * swarm manager ({@code docker swarm init}); otherwise its rows say why they are missing.
 */
final class SwarmScenario {

    private static final String AREA = "swarm";
    private static final Duration SLEEP_WAIT = Duration.ofSeconds(30);

    private final Setup setup;
    private final Table table;

    SwarmScenario(Setup setup, Table table) {
        this.setup = setup;
        this.table = table;
    }

    void run() throws IOException {
        int rounds = setup.smoke() ? 1 : 5;
        List<Double> wakes = new ArrayList<>();
        List<Double> scales = new ArrayList<>();
        ScenarioFleet fleet;
        try {
            fleet = ScenarioFleet.startSwarm(setup);
        } catch (RuntimeException e) {
            table.add(Row.unavailable(AREA, "cold wake and scale on Swarm", "the manager did not start on "
                    + "fleet.runtime swarm (is the engine a swarm manager?): " + e.getMessage()));
            return;
        }
        try (fleet; Mcp client = fleet.session()) {
            for (int i = 0; i < rounds; i++) {
                if (i == 0) {
                    client.call("cold__echo", "{\"text\":\"first\"}");
                }
                if (!fleet.awaitAsleep("cold", SLEEP_WAIT)) {
                    break;
                }
                long t0 = System.nanoTime();
                client.call("cold__echo", "{\"text\":\"wake\"}");
                wakes.add(EngineFloor.millisSince(t0, System.nanoTime()));
            }
            ManagerApi api = fleet.api;
            api.start("scale");
            for (int i = 0; i < Math.min(rounds, 3); i++) {
                api.await("scale", s -> s.runningReplicas() == 1 && s.healthyReplicas() == 1, Duration.ofSeconds(120),
                        "one healthy instance");
                long t0 = System.nanoTime();
                api.scale("scale", 5);
                api.await("scale", s -> s.healthyReplicas() == 5, Duration.ofSeconds(120), "five healthy instances");
                scales.add((System.nanoTime() - t0) / 1e6);
                api.scale("scale", 1);
            }
            fleet.stop("scale");
        } finally {
            setup.engine().removeServices("io.mcpfleet.fleet=" + setup.fleet());
            setup.cleanUp();
        }
        if (wakes.isEmpty()) {
            table.add(Row.unavailable(AREA, "cold wake, asleep at zero replicas", "the service did not fall asleep"));
        } else {
            Stats w = Stats.of(wakes);
            table.add(new Row(AREA, "cold wake, asleep at zero replicas (mimic), median of " + w.count(),
                    Fmt.ms(w.median()) + " (max " + Fmt.ms(w.max()) + ")", "", "", "", ""));
        }
        Stats s = Stats.of(scales);
        table.add(new Row(AREA, "1 -> 5 healthy instances (busybox), median of " + s.count(),
                Fmt.ms(s.median()) + " (max " + Fmt.ms(s.max()) + ")", "", "", "", ""));
    }
}
