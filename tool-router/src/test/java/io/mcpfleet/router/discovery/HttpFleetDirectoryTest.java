package io.mcpfleet.router.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.ServiceActivity;
import io.mcpfleet.api.ServiceState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The manager client against a tiny fake of the manager's HTTP API. */
class HttpFleetDirectoryTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpFleetDirectory directory;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        directory = new HttpFleetDirectory(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "tok",
                HttpClient.newHttpClient(), JsonMapper.builder().build(), Duration.ofSeconds(2),
                Duration.ofMillis(10), Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsServicesAndInstancesInSnakeCaseAndSendsTheToken() {
        var services = directory.services();
        var instances = directory.instances("alpha");

        assertThat(services).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("alpha");
            assertThat(s.routing().callTimeoutMs()).isEqualTo(5000);
            assertThat(RoutingSettings.from(s.routing()).sessions().name()).isEqualTo("STATELESS");
        });
        assertThat(instances.instances()).singleElement().satisfies(i -> assertThat(i.endpoint())
                .isEqualTo("http://10.0.0.2:8000"));
        assertThat(requests).allMatch(r -> r.endsWith("Bearer tok"));
    }

    @Test
    void startsWithoutWaitingAndReportsRefusals() {
        directory.start("alpha");

        assertThat(requests).anyMatch(r -> r.startsWith("POST /services/alpha/start?wait=false"));
        assertThatThrownBy(() -> directory.start("ghost")).isInstanceOf(DirectoryException.class)
                .hasMessageContaining("404").extracting(e -> ((DirectoryException) e).status()).isEqualTo(404);
    }

    @Test
    void aStartToLearnTheToolsSaysSo() {
        directory.startToLearn("alpha");

        assertThat(requests).anyMatch(r -> r.startsWith("POST /services/alpha/start?wait=false&reason=learn-tools"));
    }

    @Test
    void reportsActivityAsSnakeCaseJsonWithTheToken() {
        directory.reportActivity(new ActivityReport("router-1", Map.of("alpha", new ServiceActivity(2, 1, 3, 40L,
                Map.of("c1", 2))), 17L));

        assertThat(requests).containsExactly("POST /activity Bearer tok");
        ActivityReport received = JsonMapper.builder().build().readValue(bodies.get(0), ActivityReport.class);
        assertThat(received).isEqualTo(new ActivityReport("router-1", Map.of("alpha", new ServiceActivity(2, 1, 3, 40L,
                Map.of("c1", 2))), 17L));
        assertThat(bodies.get(0)).contains("\"router_id\":\"router-1\"", "\"in_flight\":2", "\"events_seen\":17");
    }

    @Test
    void followsTheEventStream() throws Exception {
        List<FleetEvent> events = new CopyOnWriteArrayList<>();
        List<Boolean> connected = new CopyOnWriteArrayList<>();

        try (AutoCloseable subscription = directory.subscribe(new FleetDirectory.Listener() {
            @Override
            public void onEvent(FleetEvent event) {
                events.add(event);
            }

            @Override
            public void onConnected() {
                connected.add(true);
            }
        })) {
            await().until(() -> !events.isEmpty());
        }

        assertThat(connected).isNotEmpty();
        assertThat(events.get(0).service()).isEqualTo("alpha");
        assertThat(events.get(0).state()).isEqualTo(ServiceState.RUNNING);
        assertThat(events.get(0).instances()).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo("c1"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().toString();
        requests.add(exchange.getRequestMethod() + " " + path + " " + exchange.getRequestHeaders()
                .getFirst("Authorization"));
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        switch (path) {
            case "/activity" -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
            case "/services" -> json(exchange, 200, "[{\"name\":\"alpha\",\"state\":\"running\",\"desired_replicas\":1,"
                    + "\"running_replicas\":1,\"healthy_replicas\":1,\"sleep\":null,\"routing\":{\"mcp_path\":\"/mcp\","
                    + "\"sessions\":\"stateless\",\"balancing\":\"round_robin\",\"call_timeout_ms\":5000,"
                    + "\"retry\":\"auto\",\"max_attempts\":2,\"queue_limit\":10,\"wake_timeout_ms\":3000,"
                    + "\"tools\":[]}}]");
            case "/services/alpha/instances" -> json(exchange, 200, "{\"service\":\"alpha\",\"state\":\"running\","
                    + "\"instances\":[{\"id\":\"c1\",\"endpoint\":\"http://10.0.0.2:8000\"}]}");
            case "/services/alpha/start?wait=false", "/services/alpha/start?wait=false&reason=learn-tools" ->
                    json(exchange, 202, "{\"status\":\"starting\"}");
            case "/events" -> {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write(("id: 1\nevent: instance_healthy\ndata: {\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\","
                        + "\"type\":\"instance_healthy\",\"service\":\"alpha\",\"state\":\"running\",\"instance_id\":\"c1\","
                        + "\"instances\":[{\"id\":\"c1\",\"endpoint\":\"http://10.0.0.2:8000\"}]}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            default -> json(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
