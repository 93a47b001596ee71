package io.mcpfleet.bench;

import io.mcpfleet.testsupport.ManagerApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A large fleet: 200 configured services, 60 of them running (busybox). Once all 60 are healthy:
 * the manager's CPU over an idle minute-part, the latency of its API, and whether its health loop
 * keeps its interval (health checks done against those expected from the instances' interval).
 */
final class LargeFleetScenario {

    private static final String AREA = "large fleet";
    private static final int TOTAL = 200;
    private static final int RUNNING = 60;
    /** The default {@code health.interval} of the fleet file. */
    private static final double INTERVAL_SECONDS = 10;
    private static final Pattern CHECKS = Pattern.compile("^fleet_health_checks_total\\{[^}]*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    private final Setup setup;
    private final Table table;
    private final Footprints footprints;

    LargeFleetScenario(Setup setup, Table table, Footprints footprints) {
        this.setup = setup;
        this.table = table;
        this.footprints = footprints;
    }

    void run() {
        try (Product.Running manager = Product.manager(setup, "manager-large", FleetFiles.large(setup, TOTAL, RUNNING))) {
            ManagerApi api = new ManagerApi(manager.url(), null);
            long t0 = System.nanoTime();
            long deadline = t0 + Duration.ofMinutes(5).toNanos();
            int healthy = 0;
            while (healthy < RUNNING) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + healthy + " of " + RUNNING + " services became healthy");
                }
                Sleep.millis(250);
                healthy = api.services().stream().mapToInt(s -> s.healthyReplicas()).sum();
            }
            table.add(Row.info(AREA, RUNNING + " of " + TOTAL + " services started with the manager, all healthy after",
                    Fmt.ms((System.nanoTime() - t0) / 1e6)));
            // Past the start-up burst: the fleet is idle from here on. The first half minute still
            // carries the JIT compiling what the start-up made hot; the target is about the steady state after it.
            Sleep.millis(5000);
            int idleSeconds = setup.smoke() ? 5 : 30;
            long c0 = manager.proc().cpuNanos();
            long w0 = System.nanoTime();
            Sleep.millis(idleSeconds * 1000L);
            double settling = (manager.proc().cpuNanos() - c0) / 1e9 / ((System.nanoTime() - w0) / 1e9);
            table.add(Row.info(AREA, "manager CPU, idle, the first " + idleSeconds + " s (JIT still compiling)",
                    Fmt.pct(settling) + " of a core"));
            long c1 = manager.proc().cpuNanos();
            double h0 = checks(api);
            long w1 = System.nanoTime();
            Sleep.millis(idleSeconds * 1000L);
            double wall = (System.nanoTime() - w1) / 1e9;
            double cpu = (manager.proc().cpuNanos() - c1) / 1e9 / wall;
            double checksPerSecond = (checks(api) - h0) / wall;
            table.add(new Row(AREA, "manager CPU, idle, the next " + idleSeconds + " s", Fmt.pct(cpu) + " of a core", "",
                    "", "<= 3 % of a core", Fmt.verdict(cpu <= 0.03)));
            double expected = RUNNING / INTERVAL_SECONDS;
            table.add(new Row(AREA, "health checks per second (" + RUNNING + " instances, interval "
                    + (int) INTERVAL_SECONDS + " s)", String.format(java.util.Locale.ROOT, "%.2f/s", checksPerSecond),
                    String.format(java.util.Locale.ROOT, "expected %.2f/s", expected),
                    Fmt.ratio(checksPerSecond / expected), "keeps its interval (~1.00x)",
                    Fmt.verdict(Math.abs(checksPerSecond / expected - 1) <= 0.1)));
            apiLatency(api, "/services", "GET /services (" + TOTAL + " services)");
            apiLatency(api, "/services/bb-000/status", "GET /services/{name}/status");
            footprints.manager("manager, " + TOTAL + " services / " + RUNNING + " running", manager);
        }
        setup.cleanUp();
    }

    private void apiLatency(ManagerApi api, String path, String what) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 220; i++) {
            long t0 = System.nanoTime();
            api.get(path);
            if (i >= 20) {
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        Stats s = Stats.of(ms);
        table.add(Row.info(AREA, what + ": p50 / p99", Fmt.ms(s.median()) + " / " + Fmt.ms(s.percentile(99))));
    }

    private static double checks(ManagerApi api) {
        String text = api.get("/actuator/prometheus").body();
        Matcher m = CHECKS.matcher(text);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
