package io.mcpfleet.e2e.bench;

import io.mcpfleet.e2e.FleetHarness;
import io.mcpfleet.testsupport.ManagerApi;
import io.mcpfleet.testsupport.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Figures for the closing notes, printed, asserting nothing (not a test: {@code mvn verify} does
 * not run it). One fleet of the real jars, started with the JVM's default options (full JIT):
 * <ol type="a">
 *   <li>{@code POST /services/{name}/start} to healthy for the busybox image, with the default
 *       start-up probe interval (100 ms) and a 10 ms one, against the engine's own floor
 *       ({@code docker start} to the first HTTP 200), 20 rounds, median and p90;</li>
 *   <li>{@code GET /services} with 200 configured services (busybox, none running), 200 requests,
 *       p50 and p99;</li>
 *   <li>the router against the mimic container it routes to (same backend, same run),
 *       {@code echo} with JSON answers, 2 and 32 concurrent clients with a session each: p50
 *       latency and calls per second.</li>
 * </ol>
 * Run from the repository root:
 * <pre>
 * mvn -q -o -pl e2e -am package -DskipTests \
 *   &amp;&amp; java -cp "e2e/target/test-classes:$(cat e2e/target/test-classpath.txt)" io.mcpfleet.e2e.bench.FleetBenchmark
 * </pre>
 * Arguments (optional): seconds per load cell (default 10), start rounds (default 20).
 */
public final class FleetBenchmark {

    /** With boot and boot-10ms: 200 busybox services (and the mimic echo). */
    private static final int IDLE_SERVICES = 198;
    private static final int LIST_REQUESTS = 200;
    private static final List<Integer> CLIENTS = List.of(2, 32);
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    private FleetBenchmark() {
    }

    public static void main(String... args) throws Exception {
        Duration cell = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (FleetHarness fleet = FleetHarness.builder()
                .services(servicesYaml())
                .jvmArgs()
                // 200 never-run services must stay stopped: no learning start for each.
                .routerArg("--fleet.discovery.learn-unknown-tools=false")
                .routerArg("--logging.level.root=WARN")
                .managerArg("--logging.level.root=WARN")
                .build().start()) {
            ManagerApi manager = fleet.managerApi();
            System.out.printf("fleet up: %d services; %s%n", manager.services().size(), machine());

            Latencies list = new ListLatency(manager).run(LIST_REQUESTS);
            Map<String, Latencies> starts = new StartLatency(manager).run(rounds, "boot", "boot-10ms");

            manager.start("echo");
            fleet.awaitTools("echo__echo");
            String direct = manager.status("echo").instances().get(0).endpoint() + "/mcp";
            CallLoad viaDirect = new CallLoad(direct, "echo", "{\"text\":\"hello\"}");
            CallLoad viaRouter = new CallLoad(fleet.mcpUrl(), "echo__echo", "{\"text\":\"hello\"}");
            // Warm both JITs first (the router's C2 needs tens of thousands of calls), then measure.
            viaDirect.run(32, WARM_UP);
            viaRouter.run(32, WARM_UP.multipliedBy(2));
            StringBuilder load = new StringBuilder();
            for (int clients : CLIENTS) {
                load.append(loadRow(viaDirect.run(clients, cell), viaRouter.run(clients, cell)));
            }

            System.out.printf("%n%s%n", machine());
            System.out.printf("(a) start to healthy, %s, %d rounds%n", TestImages.BUSYBOX, rounds);
            System.out.printf("    %-52s %9s %9s%n", "", "median", "p90");
            starts.forEach((label, l) -> System.out.printf("    %-52s %6.0f ms %6.0f ms%n", label,
                    l.percentileMs(50), l.percentileMs(90)));
            System.out.printf("(b) GET /services, %d busybox services (and echo) configured, none running, %d requests:"
                    + " p50 %.2f ms, p99 %.2f ms%n", IDLE_SERVICES + 2, LIST_REQUESTS, list.percentileMs(50),
                    list.percentileMs(99));
            System.out.printf("(c) tools/call echo, JSON answers, %d s per cell, a session per client%n",
                    cell.toSeconds());
            System.out.printf("    %7s %11s %11s %10s %13s %13s %6s %7s%n", "clients", "direct p50", "router p50",
                    "added p50", "direct call/s", "router call/s", "ratio", "errors");
            System.out.print(load);
        }
    }

    private static String loadRow(CallLoad.Result direct, CallLoad.Result router) {
        double d = direct.latencies().percentileMs(50);
        double r = router.latencies().percentileMs(50);
        return String.format("    %7d %8.3f ms %8.3f ms %7.3f ms %13.0f %13.0f %5.2fx %7d%n", direct.clients(), d, r,
                r - d, direct.callsPerSecond(), router.callsPerSecond(),
                router.callsPerSecond() / direct.callsPerSecond(), direct.errors() + router.errors());
    }

    private static String servicesYaml() {
        StringBuilder yaml = new StringBuilder("services:\n");
        String busybox = TestImages.busybox();
        for (int i = 1; i <= IDLE_SERVICES; i++) {
            yaml.append("  idle-%03d: {image: %s, port: 8000}\n".formatted(i, busybox));
        }
        yaml.append("""
                  boot:
                    image: %1$s
                    port: 8000
                    health: {type: http, path: /}
                  boot-10ms:
                    image: %1$s
                    port: 8000
                    health: {type: http, path: /, startup_interval: 10ms}
                  echo:
                    image: %2$s
                    port: 8000
                    environment: {MIMIC_JSON_RESPONSE: "true"}
                """.formatted(busybox, TestImages.mimic()));
        return yaml.toString();
    }

    /** Cores, Java, and the load average: the machine is shared, and the figures say so. */
    private static String machine() {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            load = "unknown";
        }
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", load average " + load;
    }
}
