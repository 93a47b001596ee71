package io.mcpfleet.bench;

import java.io.IOException;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The memory of an idle fleet awake and asleep (stop mode): what the containers of N mimic
 * services charge to their cgroups (the engine's stats, page cache excluded), once all are up and
 * idle, and once all sleep.
 */
final class MemoryScenario {

    private static final String AREA = "memory";

    private final ScenarioFleet fleet;
    private final Table table;

    MemoryScenario(ScenarioFleet fleet, Table table) {
        this.fleet = fleet;
        this.table = table;
    }

    void run() throws IOException {
        int n = FleetFiles.MEMORY_SERVICES;
        for (int i = 1; i <= n; i++) {
            fleet.api.startNoWait("mem-" + i);
        }
        try (Mcp client = fleet.session()) {
            // Started together, then kept awake by a call each (their idle timeout is 10 s) until
            // all are healthy at once.
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            boolean all = false;
            while (!all) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the memory services did not all come up within 180 s");
                }
                all = true;
                for (int i = 1; i <= n; i++) {
                    client.call("mem-" + i + "__echo", "{\"text\":\"awake\"}");
                    all &= fleet.api.service("mem-" + i).healthyReplicas() == 1;
                }
                Sleep.millis(all ? 1000 : 200);
            }
        }
        long awake = fleetMemory();
        boolean asleep = true;
        for (int i = 1; i <= n; i++) {
            asleep &= fleet.awaitAsleep("mem-" + i, Duration.ofSeconds(30));
        }
        if (!asleep) {
            table.add(Row.info(AREA, n + " idle mimic services awake (containers' memory)", Fmt.mb(awake)));
            table.add(Row.unavailable(AREA, n + " idle mimic services asleep (stop mode)",
                    "the manager did not put them to sleep (no idle sleep in this build?)"));
            for (int i = 1; i <= n; i++) {
                fleet.stop("mem-" + i);
            }
            return;
        }
        long sleeping = fleetMemory();
        double released = 1.0 - (double) sleeping / awake;
        table.add(new Row(AREA, n + " idle mimic services: memory awake -> asleep (stop mode)", Fmt.mb(awake) + " -> "
                + Fmt.mb(sleeping), "", Fmt.pct(released) + " released", ">= 95 % released",
                Fmt.verdict(released >= 0.95)));
    }

    /** What the memory services' running containers charge now, page cache excluded. */
    private long fleetMemory() throws IOException {
        long total = 0;
        for (JsonNode c : fleet.setup.engine().list("io.mcpfleet.fleet=" + fleet.setup.fleet())) {
            String service = c.path("Labels").path("io.mcpfleet.service").asString("");
            if (service.startsWith("mem-") && "running".equals(c.path("State").asString())) {
                total += fleet.setup.engine().memoryBytes(c.path("Id").asString());
            }
        }
        return total;
    }
}
