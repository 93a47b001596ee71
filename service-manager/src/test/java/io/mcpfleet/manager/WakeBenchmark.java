package io.mcpfleet.manager;

import io.mcpfleet.config.Hardening;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import io.mcpfleet.manager.lifecycle.Transition;
import io.mcpfleet.manager.runtime.DockerContainerRuntime;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Prints how fast a sleeping service wakes through the manager ({@code POST /start?wait=true}), next
 * to the engine's own floor for the same image measured in the same run, and the memory of an idle
 * fleet awake and asleep. Not a test: it asserts nothing and {@code mvn verify} does not run it.
 *
 * <pre>
 * mvn -q -o -pl service-manager -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.mcpfleet.manager.WakeBenchmark -Dexec.args=20
 * </pre>
 * Argument: rounds per case (default 10). Needs the busybox and mimic test images (built on demand;
 * the mimic's from {@code mimic/target/mimic-exec.jar}).
 *
 * <ul>
 *   <li>engine floor, stop: {@code docker start} of a stopped container, an inspect for its new host
 *       port, then the first answered request (busybox: {@code GET /}; mimic: an MCP {@code initialize}),
 *       polled every 10 ms ({@code -Dbench.poll-ms}) on fresh connections;</li>
 *   <li>engine floor, pause: {@code docker unpause} to the first answered request;</li>
 *   <li>manager: the service is put to sleep, then {@code POST /services/{name}/start} (which waits for
 *       the manager's own probe) until it answers, and, for the mimic, on until an {@code initialize}
 *       sent right after has been answered.</li>
 * </ul>
 */
public final class WakeBenchmark {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How often the floor polls for the first answer. Faster polling (2 ms) slowed the JVM server's
     * start by hundreds of ms on 2 cores: each attempt costs the engine's port proxy and the client
     * CPU the starting server needs. 10 ms adds at most that much to a floor.
     */
    private static final long POLL_MILLIS = Long.getLong("bench.poll-ms", 10);

    private final int rounds;
    private final List<String> rows = new ArrayList<>();

    private WakeBenchmark(int rounds) {
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try {
            new WakeBenchmark(rounds).run();
        } finally {
            DockerTestSupport.removeThisRunsContainers();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        String busybox = TestImages.busybox();
        String mimic = TestImages.mimic();
        try (DockerContainerRuntime runtime = DockerContainerRuntime.forHost(DockerTestSupport.dockerHost());
             ManagerUnderTest m = new ManagerUnderTest(fleetYaml(busybox, mimic), Map.of())) {
            // Floor and manager rounds alternate, so that both see the same load on a shared machine.
            wakes(m, runtime, "bb-stop", busybox, false);
            wakes(m, runtime, "bb-pause", busybox, false);
            wakes(m, runtime, "mimic-stop", mimic, true);
            wakes(m, runtime, "mimic-pause", mimic, true);
            System.out.println();
            System.out.printf("Wake of a sleeping service, %d rounds each (ms: median / p90 / max)%n", rounds);
            rows.forEach(System.out::println);
            System.out.println();
            idleFleetMemory(mimic, runtime);
        }
    }

    private void wakes(ManagerUnderTest m, ContainerRuntime runtime, String service, String image, boolean mcp) {
        boolean stopMode = service.endsWith("stop");
        String floorId = runtime.create(new ContainerSpec(TestRun.unique("floor"), image, List.of(), List.of(),
                Map.of(), TestLabels.forThisRun(), TestImages.PORT, 0, 0, Hardening.DEFAULT, List.of(), "127.0.0.1"));
        runtime.start(floorId);
        awaitAnswer(endpoint(runtime, floorId), mcp);
        FleetLifecycle fleet = m.bean(FleetLifecycle.class);
        post(m, "/services/" + service + "/start");
        List<Long> floor = new ArrayList<>();
        List<Long> started = new ArrayList<>();
        List<Long> answered = new ArrayList<>();
        List<Long> internal = new ArrayList<>();
        List<Long> toWorker = new ArrayList<>();
        List<Long> toCaller = new ArrayList<>();
        for (int round = -1; round < rounds; round++) {
            keep(round, floor, stopMode ? floorCold(runtime, floorId, mcp) : floorWarm(runtime, floorId, mcp));
            fleet.sleep(service, "bench").join();
            // Let the engine settle: the container's stop or pause is complete.
            pause(200);
            long began = System.nanoTime();
            Instant sent = Instant.now();
            post(m, "/services/" + service + "/start");
            keep(round, started, System.nanoTime() - began);
            Instant received = Instant.now();
            if (mcp) {
                String endpoint = fleet.service(service).routable().get(0).endpoint();
                awaitAnswer(endpoint, true);
                keep(round, answered, System.nanoTime() - began);
            }
            Transition wake = fleet.service(service).lastWake();
            keep(round, internal, wake.took().toNanos());
            keep(round, toWorker, Duration.between(sent, wake.requested()).toNanos());
            keep(round, toCaller, Duration.between(wake.completed(), received).toNanos());
        }
        runtime.remove(floorId);
        rows.add(String.format(Locale.ROOT, "  %-8s %-6s engine floor %s | POST /start %s | manager's probe "
                        + "(fleet_wake_seconds) %s%s", image.contains("busybox") ? "busybox" : "mimic",
                stopMode ? "stop" : "pause", stats(floor), stats(started), stats(internal),
                mcp ? " | + initialize answered " + stats(answered) : ""));
        rows.add(String.format(Locale.ROOT, "  %-15s over the floor (medians): %+.0f ms; request to the worker %s, "
                        + "healthy probe to the caller %s", "", (median(mcp ? answered : started) - median(floor)) / 1e6,
                stats(toWorker), stats(toCaller)));
    }

    /** {@code docker start} of a stopped container, an inspect for its new port, its first answer. */
    private static long floorCold(ContainerRuntime runtime, String id, boolean mcp) {
        runtime.stop(id, Duration.ofSeconds(10));
        pause(200);
        long began = System.nanoTime();
        runtime.start(id);
        awaitAnswer(endpoint(runtime, id), mcp);
        return System.nanoTime() - began;
    }

    /** {@code docker unpause} to the first answer. */
    private static long floorWarm(ContainerRuntime runtime, String id, boolean mcp) {
        String endpoint = endpoint(runtime, id);
        runtime.pause(id);
        pause(200);
        long began = System.nanoTime();
        runtime.unpause(id);
        awaitAnswer(endpoint, mcp);
        return System.nanoTime() - began;
    }

    private static String endpoint(ContainerRuntime runtime, String id) {
        return "http://127.0.0.1:" + runtime.inspect(id).orElseThrow().publishedPorts().get(TestImages.PORT);
    }

    private static void post(ManagerUnderTest m, String path) {
        HttpResponse<String> r = m.post(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    // ---- memory of an idle fleet ----

    private void idleFleetMemory(String mimic, ContainerRuntime runtime) {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 1; i <= 5; i++) {
            yaml.append(service("m" + i, mimic, "pause"));
        }
        try (ManagerUnderTest m = new ManagerUnderTest(yaml.toString(), Map.of())) {
            FleetLifecycle fleet = m.bean(FleetLifecycle.class);
            for (int i = 1; i <= 5; i++) {
                post(m, "/services/m" + i + "/start");
            }
            pause(5000);
            long awake = fleetMemory(fleet, runtime, i -> true);
            for (int i = 1; i <= 5; i++) {
                fleet.sleep("m" + i, "bench").join();
            }
            pause(3000);
            long paused = fleetMemory(fleet, runtime, i -> true);
            for (int i = 1; i <= 5; i++) {
                fleet.evict("m" + i, "bench").join();
            }
            pause(1000);
            long stopped = fleetMemory(fleet, runtime, i -> true);
            System.out.printf("Idle fleet of 5 mimic services (JVM MCP servers), container memory as docker stats counts it:%n");
            System.out.printf(Locale.ROOT, "  awake %.1f MiB | asleep, pause mode %.1f MiB | asleep, stop mode %.1f MiB%n",
                    awake / 1048576.0, paused / 1048576.0, stopped / 1048576.0);
        }
    }

    /** The sum of the instances' memory (running or paused; a stopped container holds none). */
    private static long fleetMemory(FleetLifecycle fleet, ContainerRuntime runtime, Predicate<Instance> which) {
        long total = 0;
        for (ServiceSnapshot s : fleet.services()) {
            for (Instance i : s.instances()) {
                if (!which.test(i) || i.state() == io.mcpfleet.api.InstanceState.EXITED) {
                    continue;
                }
                Optional<ResourceUsage> usage = Optional.empty();
                for (int tries = 0; tries < 100 && usage.isEmpty(); tries++) {
                    usage = runtime.usage(i.id());
                    if (usage.isEmpty()) {
                        pause(50);
                    }
                }
                total += usage.map(ResourceUsage::memoryBytes).orElseThrow(
                        () -> new IllegalStateException("no stats sample for " + i.name()));
            }
        }
        return total;
    }

    // ---- helpers ----

    private static String fleetYaml(String busybox, String mimic) {
        return "services:\n" + service("bb-stop", busybox, "stop") + service("bb-pause", busybox, "pause")
                + service("mimic-stop", mimic, "stop") + service("mimic-pause", mimic, "pause");
    }

    private static String service(String name, String image, String mode) {
        // busybox httpd speaks no MCP: probe it with a GET on /
        return """
                  %s:
                    image: %s
                    port: 8000
                    sleep_policy: {idle_timeout: 1h, mode: %s}
                """.formatted(name, image, mode)
                + (image.contains("busybox") ? "    health: {type: http, path: /}\n" : "");
    }

    /** Polls every {@link #POLL_MILLIS}, each time on a new connection, until the server answers 200. */
    private static void awaitAnswer(String endpoint, boolean mcp) {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (answers(endpoint, mcp)) {
                return;
            }
            pause(POLL_MILLIS);
        }
        throw new IllegalStateException(endpoint + " did not answer within " + ANSWER_TIMEOUT);
    }

    private static boolean answers(String endpoint, boolean mcp) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create(endpoint + (mcp ? "/mcp" : "/")).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(5000);
            c.setRequestProperty("Connection", "close");
            if (mcp) {
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                c.setRequestProperty("Accept", "application/json, text/event-stream");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            c.getInputStream().readAllBytes();
            return status == 200;
        } catch (IOException notYet) {
            return false;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static void keep(int round, List<Long> samples, long nanos) {
        if (round >= 0) {
            samples.add(nanos);
        }
    }

    private static String stats(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "%5.0f / %5.0f / %5.0f", sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
