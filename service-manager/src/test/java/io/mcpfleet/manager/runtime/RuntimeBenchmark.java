package io.mcpfleet.manager.runtime;

import io.mcpfleet.config.Hardening;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Prints the median and spread of each {@link DockerContainerRuntime} operation on the local engine
 * with the busybox test image. Not a test (no assertions, not run by {@code mvn verify}); run it with
 * the test classpath, e.g. from an IDE or
 * {@code mvn -q -pl service-manager -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.mcpfleet.manager.runtime.RuntimeBenchmark}. Argument: rounds (default 20).
 */
public final class RuntimeBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    private final Map<String, List<Long>> micros = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        new RuntimeBenchmark().run(rounds);
    }

    private void run(int rounds) throws Exception {
        String image = TestImages.busybox();
        try (DockerContainerRuntime runtime = DockerContainerRuntime.forHost(DockerTestSupport.dockerHost())) {
            for (int round = 0; round < rounds + 2; round++) {
                boolean warmUp = round < 2;
                ContainerSpec spec = new ContainerSpec(TestRun.unique("bench"), image, List.of(), List.of(), Map.of(),
                        TestLabels.forThisRun(), TestImages.PORT, 64L << 20, 500_000_000L, Hardening.DEFAULT,
                        List.of(), "127.0.0.1");
                String[] id = new String[1];
                time(warmUp, "create", () -> id[0] = runtime.create(spec));
                long firstStart = System.nanoTime();
                time(warmUp, "start", () -> runtime.start(id[0]));
                String url = "http://127.0.0.1:" + runtime.inspect(id[0]).orElseThrow().publishedPorts().get(8000) + "/";
                awaitHttp(url);
                record(warmUp, "start + inspect to HTTP 200", firstStart);
                time(warmUp, "inspect", () -> runtime.inspect(id[0]));
                time(warmUp, "pause", () -> runtime.pause(id[0]));
                time(warmUp, "unpause to first HTTP 200", () -> {
                    runtime.unpause(id[0]);
                    awaitHttp(url);
                });
                time(warmUp, "stop (init, grace 10 s)", () -> runtime.stop(id[0], Duration.ofSeconds(10)));
                long started = System.nanoTime();
                runtime.start(id[0]);
                // a restart publishes on a new ephemeral host port: inspect again
                String restartedUrl = "http://127.0.0.1:"
                        + runtime.inspect(id[0]).orElseThrow().publishedPorts().get(8000) + "/";
                awaitHttp(restartedUrl);
                record(warmUp, "restart + inspect to HTTP 200", started);
                time(warmUp, "first usage() sample", () -> {
                    while (runtime.usage(id[0]).isEmpty()) {
                        sleep(20);
                    }
                });
                time(warmUp, "usage() with a warm stream", () -> runtime.usage(id[0]));
                time(warmUp, "remove (forced, running)", () -> runtime.remove(id[0]));
            }
            listOf(runtime, image, 50);
        } finally {
            DockerTestSupport.removeContainersByLabel(TestLabels.TEST, TestRun.id());
        }
        micros.forEach((operation, samples) -> {
            Collections.sort(samples);
            System.out.printf("%-30s median %8.1f ms   p10 %8.1f   p90 %8.1f   (n=%d)%n", operation,
                    samples.get(samples.size() / 2) / 1000.0, samples.get(samples.size() / 10) / 1000.0,
                    samples.get(samples.size() * 9 / 10) / 1000.0, samples.size());
        });
    }

    private void listOf(DockerContainerRuntime runtime, String image, int count) {
        Map<String, String> labels = new LinkedHashMap<>(TestLabels.forThisRun());
        labels.put("io.mcpfleet.test.case", "list");
        for (int i = 0; i < count; i++) {
            runtime.create(new ContainerSpec(TestRun.unique("bench"), image, List.of(), List.of(), Map.of(), labels,
                    TestImages.PORT, 0, 0, Hardening.DEFAULT, List.of(), "127.0.0.1"));
        }
        for (int i = 0; i < 10; i++) {
            time(i < 2, "list of " + count + " containers", () -> runtime.list(labels));
        }
    }

    private void time(boolean warmUp, String operation, Runnable action) {
        long started = System.nanoTime();
        action.run();
        record(warmUp, operation, started);
    }

    private void record(boolean warmUp, String operation, long startedNanos) {
        long elapsed = (System.nanoTime() - startedNanos) / 1000;
        if (!warmUp) {
            micros.computeIfAbsent(operation, key -> new ArrayList<>()).add(elapsed);
        }
    }

    private static void awaitHttp(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(500)).build();
        for (int i = 0; i < 2000; i++) {
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            sleep(5);
        }
        throw new IllegalStateException(url + " never answered");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
