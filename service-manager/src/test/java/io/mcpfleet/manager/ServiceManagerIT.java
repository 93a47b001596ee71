package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import io.mcpfleet.config.ConfigException;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service-manager as users run it: the whole application against the real Docker engine,
 * driven over HTTP, checked with {@code docker inspect}.
 */
@ExtendWith(RemoveThisRunsContainers.class)
class ServiceManagerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final DockerClient docker = DockerTestSupport.client();
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final String fleet = TestRun.fleetName();

    @TempDir
    Path dir;

    @BeforeAll
    static void images() {
        TestImages.busybox();
    }

    @AfterEach
    void closeManagers() {
        contexts.forEach(ConfigurableApplicationContext::close);
        DockerTestSupport.removeContainersByLabel(TestLabels.FLEET, fleet);
    }

    @Test
    void theWholeLifecycleThroughTheApiWithLimitsLabelsAndHardening() throws Exception {
        int port = startManager(Map.of());

        HttpResponse<String> started = post(port, "/services/echo/start");

        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).contains("\"status\":\"started\"");
        List<Container> containers = containersOf("echo");
        assertThat(containers).hasSize(1);
        InspectContainerResponse inspect = docker.inspectContainerCmd(containers.get(0).getId()).exec();
        assertThat(inspect.getConfig().getLabels()).containsEntry("io.mcpfleet.managed", "true")
                .containsEntry("io.mcpfleet.service", "echo").containsEntry("io.mcpfleet.fleet", fleet)
                .containsKey("io.mcpfleet.spec-hash").containsEntry("team", "tools");
        HostConfig host = inspect.getHostConfig();
        assertThat(host.getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getInit()).isTrue();
        assertThat(host.getSecurityOpts()).contains("no-new-privileges:true");
        assertThat(host.getCapDrop()).extracting(Object::toString).containsExactly("NET_RAW");
        assertThat(inspect.getConfig().getEnv()).contains("GREETING=hello from test");
        var binding = host.getPortBindings().getBindings().get(ExposedPort.tcp(8000))[0];
        assertThat(binding.getHostIp()).isEqualTo("127.0.0.1");
        String status = get(port, "/services/echo/status").body();
        String endpoint = status.replaceAll(".*\"endpoint\":\"([^\"]+)\".*", "$1");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(TestImages.BUSYBOX_INDEX);

        assertThat(post(port, "/services/echo/scale?replicas=3").body()).contains("\"replicas\":3");
        await().until(() -> get(port, "/services/echo/instances").body().split("\"endpoint\"").length - 1 == 3);
        assertThat(containersOf("echo")).hasSize(3);
        post(port, "/services/echo/scale?replicas=1");
        await().until(() -> containersOf("echo").size() == 1);

        assertThat(post(port, "/services/echo/stop").body()).isEqualTo("{\"status\":\"stopped\"}");
        assertThat(containersOf("echo")).isEmpty();
        assertThat(get(port, "/services").body()).contains("\"name\":\"echo\",\"state\":\"stopped\"");
    }

    @Test
    void twentyConcurrentStartsMakeOneContainer() {
        int port = startManager(Map.of());

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(HTTP.sendAsync(request(port, "/services/echo/start").POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(calls).extracting(c -> c.join().statusCode()).containsOnly(200);
        assertThat(containersOf("echo")).hasSize(1);
        String id = containersOf("echo").get(0).getId();
        assertThat(calls).extracting(c -> c.join().body()).allMatch(b -> b.contains(id));
    }

    @Test
    void aKilledContainerIsReplaced() throws Exception {
        int port = startManager(Map.of());
        post(port, "/services/echo/start");
        String first = containersOf("echo").get(0).getId();

        docker.killContainerCmd(first).exec();

        await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/services/echo/instances").body()
                .matches(".*\"id\":\"(?!" + first + ")[0-9a-f]{64}\".*"));
        assertThat(containersOf("echo")).extracting(Container::getId).doesNotContain(first);
    }

    @Test
    void aManagerRestartAdoptsWhatRunsWithoutDuplicatesOrStops() throws Exception {
        ConfigurableApplicationContext first = startContext(Map.of());
        int port = port(first);
        post(port, "/services/echo/start");
        post(port, "/services/always/start");
        List<String> before = containersOf(null).stream().map(Container::getId).sorted().toList();
        first.close();
        contexts.remove(first);

        int again = startManager(Map.of());

        await().until(() -> get(again, "/services/echo/instances").body().contains("\"id\""));
        assertThat(containersOf(null).stream().map(Container::getId).sorted().toList()).isEqualTo(before);
        assertThat(containersOf(null)).allMatch(c -> "running".equals(c.getState()));
        assertThat(get(again, "/services").body()).contains("\"name\":\"always\",\"state\":\"running\"");
    }

    @Test
    void autoStartServicesStartWithTheManager() {
        int port = startManager(Map.of());

        await().until(() -> get(port, "/services/always/instances").body().contains("\"id\""));
        assertThat(containersOf("always")).hasSize(1);
        assertThat(containersOf("echo")).isEmpty();
    }

    @Test
    void containersTheManagerDoesNotOwnAreLeftAlone() throws Exception {
        Map<String, String> notManaged = new HashMap<>(TestLabels.forThisRun());
        notManaged.put("io.mcpfleet.service", "echo");
        String foreign = docker.createContainerCmd(TestImages.busybox()).withLabels(notManaged)
                .withName(TestRun.unique("foreign")).exec().getId();
        docker.startContainerCmd(foreign).exec();
        Map<String, String> otherFleet = new HashMap<>(TestLabels.forThisRun());
        otherFleet.putAll(Map.of("io.mcpfleet.managed", "true", "io.mcpfleet.fleet", "someone-else",
                "io.mcpfleet.service", "echo"));
        String other = docker.createContainerCmd(TestImages.busybox()).withLabels(otherFleet)
                .withName(TestRun.unique("other")).exec().getId();
        int port = startManager(Map.of());

        post(port, "/services/echo/start");
        post(port, "/services/echo/stop");

        assertThat(docker.inspectContainerCmd(foreign).exec().getState().getRunning()).isTrue();
        assertThat(docker.inspectContainerCmd(other).exec().getState().getStatus()).isEqualTo("created");
    }

    @Test
    void theApiNeedsTheTokenWhenOneIsSetButHealthAndMetricsStayOpen() throws Exception {
        int port = startManager(Map.of("fleet.api-token", "t0ken"));

        assertThat(get(port, "/services").statusCode()).isEqualTo(401);
        assertThat(HTTP.send(request(port, "/services").header("Authorization", "Bearer wrong").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(HTTP.send(request(port, "/services").header("Authorization", "Bearer t0ken").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(HTTP.send(request(port, "/events").build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(401);
        assertThat(post(port, "/services/echo/start").statusCode()).isEqualTo(401);
        assertThat(containersOf("echo")).isEmpty();
        assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get(port, "/actuator/prometheus").statusCode()).isEqualTo(200);
    }

    @Test
    void eventsStreamEveryChangeWithTheRoutableInstances() throws Exception {
        int port = startManager(Map.of());
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        HttpResponse<InputStream> stream = HTTP.send(request(port, "/events").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> ManagerUnderTest.readLines(stream.body(), lines));
        reader.setDaemon(true);
        reader.start();

        post(port, "/services/echo/start");

        await().until(() -> lines.stream().anyMatch(l -> l.equals("event:instance_healthy")));
        assertThat(stream.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        assertThat(lines).anyMatch(l -> l.equals("event:snapshot"));
        assertThat(lines).anyMatch(l -> l.startsWith("data:") && l.contains("\"type\":\"instance_healthy\"")
                && l.contains("\"instances\":[{\"id\""));
        stream.body().close();
    }

    @Test
    void metricsDescribeTheFleet() throws Exception {
        int port = startManager(Map.of());
        post(port, "/services/echo/start");

        String metrics = get(port, "/actuator/prometheus").body();

        assertThat(metrics).contains("fleet_instances{", "service=\"echo\"", "state=\"running\"")
                .contains("fleet_container_start_seconds_count{")
                .contains("fleet_container_starts_total{")
                .contains("fleet_health_checks_total{")
                .contains("fleet_engine_reachable");
    }

    @Test
    void anInvalidConfigStopsStartUpNamingTheFileLineAndKey() throws Exception {
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "services:\n  echo:\n    image: x\n    port: 8000\n    resources: {memory: 12XB}\n");

        assertThatThrownBy(() -> startContext(Map.of("fleet.config", bad.toString())))
                .hasRootCauseInstanceOf(ConfigException.class)
                .rootCause().hasMessageContaining("bad.yml:5:").hasMessageContaining("services.echo.resources.memory");
    }

    // ---- helpers ----

    private int startManager(Map<String, String> extra) {
        return port(startContext(extra));
    }

    private ConfigurableApplicationContext startContext(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("fleet.name", fleet);
        props.put("fleet.config", writeConfig().toString());
        props.put("fleet.reconcile-interval", "2s");
        props.putAll(extra);
        // As command-line arguments: they override application.yml, as a user's would.
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ServiceManagerApplication.class)
                .run(args);
        contexts.add(context);
        return context;
    }

    private Path writeConfig() {
        String image = TestImages.busybox();
        // busybox httpd speaks no MCP: its services are probed with a GET on /.
        String yaml = """
                services:
                  echo:
                    image: %s
                    port: 8000
                    environment: {GREETING: "hello from test"}
                    labels: {team: tools}
                    resources: {memory: 64MB, cpu: "0.5"}
                    hardening: {cap_drop: [NET_RAW]}
                    health: {type: http, path: /, interval: 1s, startup_interval: 100ms}
                  always:
                    image: %s
                    port: 8000
                    health: {type: http, path: /}
                    auto_start: true
                """.formatted(image, image);
        try {
            Path file = dir.resolve("services-" + System.nanoTime() + ".yml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private List<Container> containersOf(String service) {
        Map<String, String> labels = new HashMap<>(Map.of("io.mcpfleet.fleet", fleet));
        if (service != null) {
            labels.put("io.mcpfleet.service", service);
        }
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(90));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(request(port, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(request(port, path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
