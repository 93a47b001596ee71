package io.mcpfleet.bench;

import io.mcpfleet.testsupport.ManagerApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Scale-out: from one healthy instance of a small image to five, through the API, until all five are healthy. */
final class ScaleScenario {

    private static final String AREA = "scale";

    private final ScenarioFleet fleet;
    private final Table table;

    ScaleScenario(ScenarioFleet fleet, Table table) {
        this.fleet = fleet;
        this.table = table;
    }

    void run() {
        ManagerApi api = fleet.api;
        List<Double> took = new ArrayList<>();
        int rounds = fleet.setup.smoke() ? 1 : 3;
        try {
            api.start("scale");
            for (int i = 0; i < rounds; i++) {
                api.await("scale", s -> s.runningReplicas() == 1 && s.healthyReplicas() == 1, Duration.ofSeconds(60),
                        "one healthy instance");
                long t0 = System.nanoTime();
                api.scale("scale", 5);
                api.await("scale", s -> s.healthyReplicas() == 5, Duration.ofSeconds(60), "five healthy instances");
                took.add((System.nanoTime() - t0) / 1e6);
                api.scale("scale", 1);
            }
        } finally {
            fleet.stop("scale");
        }
        Stats s = Stats.of(took);
        table.add(new Row(AREA, "1 -> 5 healthy instances (busybox), median of " + s.count(), Fmt.ms(s.median())
                + " (max " + Fmt.ms(s.max()) + ")", "", "", "<= 3000 ms", Fmt.verdict(s.median() <= 3000)));
    }
}
