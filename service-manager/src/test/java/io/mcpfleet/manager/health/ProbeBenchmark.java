package io.mcpfleet.manager.health;

import io.mcpfleet.config.Hardening;
import io.mcpfleet.config.HealthCheck;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.manager.lifecycle.ProbeTarget;
import io.mcpfleet.manager.runtime.DockerContainerRuntime;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Prints how long the manager's {@code mcp} probe (an MCP {@code initialize}) takes against the
 * mimic (JSON and SSE answers), next to the probe it replaced (a GET on the MCP path, any status
 * below 500), rounds alternating: probes of a running server one after another, and from a
 * {@code docker unpause} to the first passing probe (probed again as soon as one fails: the wake
 * path's probe without its 100 ms interval). Not a test: it asserts nothing and {@code mvn verify}
 * does not run it.
 *
 * <pre>
 * mvn -q -o -pl service-manager -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp service-manager/target/test-classes:service-manager/target/classes:$(cat /tmp/cp.txt) \
 *     io.mcpfleet.manager.health.ProbeBenchmark 500
 * </pre>
 * Argument: probes per case (default 200). Measured on a shared 2-core machine (load 9-12), 500
 * rounds, median / p90: a running mimic, initialize 6.8 / 17.0 ms (JSON) and 6.8 / 20.3 ms (SSE)
 * against the old GET 5.0 / 15.3 and 5.3 / 16.5 ms; unpause to the first passing probe 77 / 163 ms
 * (JSON) and 89 / 172 ms (SSE) against 73 / 143 and 82 / 159 ms.
 */
public final class ProbeBenchmark {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1).build();
        Prober prober = new Prober(http, Executors.newFixedThreadPool(4));
        try (DockerContainerRuntime runtime = DockerContainerRuntime.forHost(DockerTestSupport.dockerHost())) {
            String mimic = TestImages.mimic();
            for (boolean json : new boolean[] {true, false}) {
                String id = runtime.create(new ContainerSpec(TestRun.unique("probe"), mimic, List.of(), List.of(),
                        json ? Map.of("MIMIC_JSON_RESPONSE", "true") : Map.of(), TestLabels.forThisRun(),
                        TestImages.PORT, 0, 0, Hardening.DEFAULT, List.of(), "127.0.0.1"));
                runtime.start(id);
                String endpoint = "http://127.0.0.1:" + runtime.inspect(id).orElseThrow().publishedPorts()
                        .get(TestImages.PORT);
                ProbeTarget target = new ProbeTarget("bench", id, endpoint, "/mcp", HealthCheck.DEFAULT, true);
                Probe mcp = t -> prober.probe(t).join();
                Probe get = t -> statusProbe(http, t);
                untilHealthy(mcp, target, Duration.ofSeconds(60));
                for (int i = 0; i < 50; i++) {
                    mcp.run(target);
                    get.run(target);
                }
                // Rounds alternate, so that both probes see the same load on a shared machine.
                List<Long> steadyMcp = new ArrayList<>();
                List<Long> steadyGet = new ArrayList<>();
                int failed = 0;
                for (int i = 0; i < rounds; i++) {
                    failed += timed(mcp, target, steadyMcp) ? 0 : 1;
                    timed(get, target, steadyGet);
                }
                List<Long> unpausedMcp = new ArrayList<>();
                List<Long> unpausedGet = new ArrayList<>();
                for (int i = 0; i < Math.max(5, rounds / 10); i++) {
                    unpausedMcp.add(unpauseToHealthy(runtime, id, mcp, target));
                    unpausedGet.add(unpauseToHealthy(runtime, id, get, target));
                }
                System.out.printf(Locale.ROOT, "mimic %-4s running server, one probe after another: initialize %s "
                        + "(%d failed) | old GET %s%n", json ? "JSON" : "SSE", stats(steadyMcp), failed,
                        stats(steadyGet));
                System.out.printf(Locale.ROOT, "           unpause to the first passing probe: initialize %s | old GET %s%n",
                        stats(unpausedMcp), stats(unpausedGet));
                runtime.remove(id);
            }
        } finally {
            DockerTestSupport.removeThisRunsContainers();
        }
        System.exit(0);
    }

    /** One probe, answering its result. */
    private interface Probe {
        ProbeResult run(ProbeTarget target);
    }

    private static boolean timed(Probe probe, ProbeTarget target, List<Long> into) {
        long began = System.nanoTime();
        boolean healthy = probe.run(target).healthy();
        into.add(System.nanoTime() - began);
        return healthy;
    }

    private static long unpauseToHealthy(DockerContainerRuntime runtime, String id, Probe probe, ProbeTarget target) {
        runtime.pause(id);
        pause(100);
        long began = System.nanoTime();
        runtime.unpause(id);
        untilHealthy(probe, target, Duration.ofSeconds(10));
        return System.nanoTime() - began;
    }

    /** The probe before issue 11: a GET on the MCP path, any status below 500 passes, the body closed unread. */
    private static ProbeResult statusProbe(HttpClient http, ProbeTarget target) {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(target.endpoint() + "/mcp"))
                    .timeout(Duration.ofSeconds(2)).header("Accept", "application/json, text/event-stream").GET()
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return new ProbeResult(r.statusCode() < 500, null, "HTTP " + r.statusCode());
        } catch (IOException e) {
            return ProbeResult.failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void untilHealthy(Probe probe, ProbeTarget target, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        ProbeResult last = null;
        while (System.nanoTime() < deadline) {
            last = probe.run(target);
            if (last.healthy()) {
                return;
            }
        }
        throw new IllegalStateException("never healthy: " + (last == null ? "no probe" : last.detail()));
    }

    /** Median / p90 / max in milliseconds. */
    private static String stats(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f ms", sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.9)) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }
}
