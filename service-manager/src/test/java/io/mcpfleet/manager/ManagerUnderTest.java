package io.mcpfleet.manager;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.ManagerApi;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service-manager in this JVM, on a random port, with its own fleet name and services.yml,
 * against the real engine; closing it stops the manager and removes its fleet's containers.
 */
final class ManagerUnderTest implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    final String fleet;
    final DockerClient docker = DockerTestSupport.client();
    private final ConfigurableApplicationContext context;
    final int port;

    /** Starts a manager on {@code servicesYaml}; {@code properties} are extra {@code --key=value} settings. */
    ManagerUnderTest(String servicesYaml, Map<String, String> properties) {
        this(TestRun.fleetName(), servicesYaml, properties);
    }

    /** A manager of fleet {@code fleet}: a second one on the same fleet plays a restart (it adopts what runs). */
    ManagerUnderTest(String fleet, String servicesYaml, Map<String, String> properties) {
        this.fleet = fleet;
        Map<String, String> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("fleet.name", fleet);
        props.put("fleet.config", write(servicesYaml).toString());
        props.put("fleet.reconcile-interval", "2s");
        props.putAll(properties);
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        context = new SpringApplicationBuilder(ServiceManagerApplication.class).run(args);
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Its REST API and event stream, as the other modules' tests drive a manager. */
    ManagerApi api() {
        return new ManagerApi("http://127.0.0.1:" + port, null);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> get(String path) {
        return send(request(path).build());
    }

    /** {@code GET /services/{name}/status} as JSON. */
    JsonNode status(String service) {
        return JSON.readTree(get("/services/" + service + "/status").body());
    }

    String state(String service) {
        return status(service).get("state").asString();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(90));
    }

    /** The fleet's containers of one service (all states). */
    List<Container> containers(String service) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TestLabels.FLEET, fleet, "io.mcpfleet.service", service)).exec();
    }

    /** Reports activity as router {@code router}: {@code inFlight} calls on the service, spread as given by instance. */
    void report(String router, String service, int inFlight, Map<String, Integer> byInstance) {
        StringBuilder instances = new StringBuilder();
        byInstance.forEach((id, n) -> instances.append(instances.isEmpty() ? "" : ",").append('"').append(id)
                .append("\":").append(n));
        postJson("/activity", "{\"router_id\":\"" + router + "\",\"services\":{\"" + service + "\":{\"in_flight\":"
                + inFlight + ",\"streams\":0,\"sessions\":0,\"instances\":{" + instances + "}}}}");
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stream line by line into {@code lines} until it ends or the test closes it (for event streams). */
    static void readLines(java.io.InputStream in, java.util.Queue<String> lines) {
        try (java.io.BufferedReader reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException closed) {
            // The test closed the stream.
        }
    }

    private static Path write(String yaml) {
        try {
            Path file = Files.createTempFile("services-", ".yml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the manager as a restart does: its containers keep running. */
    void stopKeepingContainers() {
        context.close();
    }

    @Override
    public void close() {
        context.close();
        DockerTestSupport.removeContainersByLabel(TestLabels.FLEET, fleet);
    }

    /** Closes every manager of a test, even when one close fails. */
    static void closeAll(List<ManagerUnderTest> managers) {
        List<RuntimeException> failures = new ArrayList<>();
        for (ManagerUnderTest m : managers) {
            try {
                m.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        managers.clear();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
