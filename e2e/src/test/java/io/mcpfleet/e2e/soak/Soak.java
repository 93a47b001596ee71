package io.mcpfleet.e2e.soak;

import static org.awaitility.Awaitility.await;

import io.mcpfleet.e2e.FleetHarness;
import io.mcpfleet.testsupport.ManagerApi;
import io.mcpfleet.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak run of issue 7 (a {@code main}, not run by {@code mvn verify}): one fleet of the real jars
 * with the JVM's default options, and for the whole run
 * <ul>
 *   <li>calls: {@code echo} (idempotent, 3 clients back to back), {@code write} (not idempotent,
 *       1 client), wakes of a {@code stop}-mode and a {@code pause}-mode sleeper (a new session each
 *       call, a few seconds apart); every client ends its session and opens a new one now and then;</li>
 *   <li>fleet actions: {@code steady} scaled between 2 and 3 replicas every 20 s, one of its instances
 *       killed ({@code docker kill}) every 30 s, the {@code stop}-mode sleeper stopped every 25 s (a
 *       cold wake on its next call, also where the manager has no idle sleep).</li>
 * </ul>
 * It then reports calls made and failed by kind and reason, containers the manager does not know
 * and containers left after stopping everything, heap (after a full GC), threads and connections
 * of both processes at the start and the end, and exits with 1 when something that must not fail
 * did. Run with {@code scripts/soak.sh [--minutes N | --seconds N]} (default 10 minutes); the report
 * is also written to {@code e2e/target/soak-report.md}.
 */
public final class Soak {

    private static final List<String> SERVICES = List.of("steady", "napper", "dozer");
    private static final Duration PROGRESS_EVERY = Duration.ofMinutes(1);

    private Soak() {
    }

    public static void main(String... args) throws Exception {
        Duration length = length(args);
        try (FleetHarness fleet = FleetHarness.builder().services(servicesYaml()).jvmArgs().build().start()) {
            ManagerApi manager = fleet.managerApi();
            fleet.awaitTools("steady__echo", "steady__write", "napper__echo", "dozer__echo");
            await().atMost(Duration.ofMinutes(2)).until(() -> manager.routableIds("steady").size() == 2);
            Footprint managerBefore = Footprint.of(fleet.managerProcess().pid(), fleet.managerUrl());
            Footprint routerBefore = Footprint.of(fleet.routerProcess().pid(), fleet.routerUrl());
            System.out.printf("soak: %s for %s; manager %s, router %s%n", fleet.fleetName(), length, managerBefore,
                    routerBefore);

            CallTally tally = new CallTally();
            Callers callers = new Callers(fleet.raw(), tally);
            callers.start("echo", 3, "steady__echo", "{\"text\":\"soak\"}", Duration.ZERO, 50);
            callers.start("write", 1, "steady__write", "{\"key\":\"k\",\"value\":\"v\"}", Duration.ofMillis(20), 50);
            callers.start("wake (stop mode)", 1, "dozer__echo", "{\"text\":\"wake\"}", Duration.ofSeconds(4), 1);
            callers.start("wake (pause mode)", 1, "napper__echo", "{\"text\":\"wake\"}", Duration.ofSeconds(5), 1);
            Chaos chaos = new Chaos();
            AtomicInteger replicas = new AtomicInteger(2);
            chaos.every("scale steady (2 <-> 3)", Duration.ofSeconds(20), () -> manager.post(
                    "/services/steady/scale?replicas=" + (replicas.get() == 2 ? replicas.incrementAndGet()
                            : replicas.decrementAndGet())).statusCode() == 200);
            chaos.every("docker kill an instance of steady", Duration.ofSeconds(30), () -> {
                List<String> running = fleet.containers().runningIds("steady");
                if (running.isEmpty()) {
                    return false;
                }
                fleet.containers().kill(running.get(ThreadLocalRandom.current().nextInt(running.size())));
                return true;
            });
            chaos.every("stop the stop-mode sleeper", Duration.ofSeconds(25),
                    () -> manager.post("/services/dozer/stop").statusCode() == 200);

            long end = System.nanoTime() + length.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(PROGRESS_EVERY.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                System.out.printf("soak: %s%n", tally.figures());
            }
            chaos.stop();
            callers.stop();
            // Let the last kill be replaced and the pools idle before measuring.
            await().atMost(Duration.ofMinutes(2)).until(() -> manager.routableIds("steady").size() == replicas.get());
            Thread.sleep(5_000);

            ContainerAudit audit = new ContainerAudit(fleet, SERVICES);
            var orphans = audit.orphans();
            Footprint managerAfter = Footprint.of(fleet.managerProcess().pid(), fleet.managerUrl());
            Footprint routerAfter = Footprint.of(fleet.routerProcess().pid(), fleet.routerUrl());
            long sessions = (long) fleet.routerMetrics().sum("fleet_router_sessions", Map.of());
            var leftover = audit.leftAfterStoppingEverything();
            SoakReport report = new SoakReport(length, machine(), tally.figures(), chaos.summary(), orphans, leftover,
                    managerBefore, managerAfter, routerBefore, routerAfter, sessions);
            String md = report.markdown();
            System.out.println(md);
            Files.writeString(Files.createDirectories(Path.of("target")).resolve("soak-report.md"), md);
            if (!report.passed()) {
                System.exit(1);
            }
        }
    }

    private static Duration length(String... args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--minutes")) {
                return Duration.ofMinutes(Long.parseLong(args[i + 1]));
            }
            if (args[i].equals("--seconds")) {
                return Duration.ofSeconds(Long.parseLong(args[i + 1]));
            }
        }
        return Duration.ofMinutes(10);
    }

    private static String servicesYaml() {
        return """
                services:
                  steady:
                    image: %1$s
                    port: 8000
                    replicas: {min: 2, max: 4}
                  napper:
                    image: %1$s
                    port: 8000
                    sleep_policy: {idle_timeout: 2s, mode: pause}
                    tools: [{name: echo, annotations: {readOnlyHint: true}}]
                  dozer:
                    image: %1$s
                    port: 8000
                    sleep_policy: {idle_timeout: 2s, mode: stop}
                    tools: [{name: echo, annotations: {readOnlyHint: true}}]
                """.formatted(TestImages.mimic());
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, load " + String.format("%.1f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
