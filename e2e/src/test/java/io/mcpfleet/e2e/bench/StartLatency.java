package io.mcpfleet.e2e.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.mcpfleet.testsupport.ManagerApi;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.JarProcess;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * (a) How long {@code POST /services/{name}/start} takes to answer "healthy" for the busybox image,
 * next to what the engine itself needs for the same image: {@code docker start} (and create +
 * start) to the first HTTP 200, polled every 5 ms. Rounds interleave the variants, so load from
 * anything else on the machine falls on all of them alike.
 */
final class StartLatency {

    private static final Duration POLL = Duration.ofMillis(5);

    private final ManagerApi manager;
    private final DockerClient docker = DockerTestSupport.client();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    StartLatency(ManagerApi manager) {
        this.manager = manager;
    }

    /** Latencies by label: each service started through the manager, then the two engine floors. */
    Map<String, Latencies> run(int rounds, String... services) {
        Map<String, Latencies> results = new LinkedHashMap<>();
        for (String service : services) {
            results.put("POST /services/" + service + "/start -> healthy", new Latencies());
        }
        Latencies dockerStart = new Latencies();
        Latencies dockerCreateStart = new Latencies();
        int port = JarProcess.freePort();
        String reused = create(port);
        try {
            for (int round = 0; round < rounds; round++) {
                for (String service : services) {
                    long began = System.nanoTime();
                    manager.start(service);
                    results.get("POST /services/" + service + "/start -> healthy").add(System.nanoTime() - began);
                    manager.stop(service);
                }
                long began = System.nanoTime();
                docker.startContainerCmd(reused).exec();
                dockerStart.add(first200Since(began, port));
                docker.killContainerCmd(reused).exec();

                began = System.nanoTime();
                String fresh = create(port);
                docker.startContainerCmd(fresh).exec();
                dockerCreateStart.add(first200Since(began, port));
                docker.removeContainerCmd(fresh).withForce(true).exec();
            }
        } finally {
            docker.removeContainerCmd(reused).withForce(true).exec();
        }
        results.put("floor: docker start -> first 200", dockerStart);
        results.put("floor: docker create + start -> first 200", dockerCreateStart);
        return results;
    }

    /** A stopped busybox container (with an init, as the manager makes them) publishing 8000 on {@code port}. */
    private String create(int port) {
        ExposedPort http = ExposedPort.tcp(TestImages.PORT);
        return docker.createContainerCmd(TestImages.busybox())
                .withLabels(TestLabels.forThisRun())
                .withExposedPorts(http)
                .withHostConfig(HostConfig.newHostConfig().withInit(true)
                        .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), http)))
                .exec().getId();
    }

    /** GET / every 5 ms until it answers 200; the nanoseconds since {@code began}. */
    private long first200Since(long began, int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(1)).GET().build();
        long deadline = began + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime() - began;
                }
            } catch (IOException notYet) {
                // refused or reset until httpd listens
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(POLL);
        }
        throw new IllegalStateException("127.0.0.1:" + port + " did not answer 200 within 30 s");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
