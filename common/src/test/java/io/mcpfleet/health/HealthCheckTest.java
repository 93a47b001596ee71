package io.mcpfleet.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The container probe against a real HTTP server on 127.0.0.1. */
class HealthCheckTest {

    private final AtomicInteger status = new AtomicInteger(200);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actuator/health/readiness", exchange -> {
            byte[] body = "{\"status\":\"?\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aReadyApplicationIsHealthy() {
        int exit = probe(Map.of());

        assertThat(exit).isZero();
        assertThat(printed()).startsWith("UP 200 http://127.0.0.1:");
    }

    @Test
    void anApplicationThatIsNotReadyIsUnhealthy() {
        status.set(503);

        int exit = probe(Map.of());

        assertThat(exit).isEqualTo(1);
        assertThat(printed()).startsWith("DOWN 503");
    }

    @Test
    void nothingListeningIsUnhealthy() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        int exit = HealthCheck.run(new String[] {String.valueOf(freePort), "/actuator/health/readiness"}, Map.of(),
                new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(printed()).startsWith("DOWN http://127.0.0.1:" + freePort);
    }

    @Test
    void theProbeFollowsAMovedServerOrManagementPort() {
        assertThat(HealthCheck.target("8080", "/h", Map.of("SERVER_PORT", "9999")))
                .hasToString("http://127.0.0.1:9999/h");
        assertThat(HealthCheck.target("8080", "h", Map.of("SERVER_PORT", "9999", "MANAGEMENT_SERVER_PORT", "9001")))
                .hasToString("http://127.0.0.1:9001/h");
        assertThat(HealthCheck.target("8080", "/h", Map.of("SERVER_PORT", " "))).hasToString("http://127.0.0.1:8080/h");
    }

    @Test
    void wrongUsageSaysHow() {
        int exit = HealthCheck.run(new String[0], Map.of(), new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(printed()).contains("usage");
    }

    private int probe(Map<String, String> env) {
        return HealthCheck.run(new String[] {String.valueOf(server.getAddress().getPort()), "/actuator/health/readiness"},
                env, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
