package io.mcpfleet.router.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.ToolRouterApplication;
import io.mcpfleet.router.discovery.FleetDirectory;
import io.mcpfleet.router.discovery.InMemoryFleetDirectory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real router registering itself with a fake ContextForge that, like the real one, opens an
 * MCP session with the advertised URL and the router's token before it accepts the registration.
 * (A surefire test, so that its warm JVM does not change the timing of the router's ITs.)
 */
@SpringBootTest(classes = ToolRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(GatewayRegistrationTest.EmptyFleet.class)
class GatewayRegistrationTest {

    private static final String GATEWAY_TOKEN = "gateway-jwt-it";
    private static final String ROUTER_TOKEN = "router-token-it";
    private static final int PORT = freePort();
    private static final ContextForgeFake GATEWAY = startGateway();

    private final HttpClient http = HttpClient.newHttpClient();

    /** A manager with no services: registration needs none, and the other tests' fleet stays theirs. */
    @TestConfiguration(proxyBeanMethods = false)
    static class EmptyFleet {
        @Bean
        @Primary
        FleetDirectory emptyFleetDirectory() {
            return new InMemoryFleetDirectory();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("server.port", () -> PORT);
        registry.add("fleet.data-dir", () -> tempDir());
        registry.add("fleet.router-token", () -> ROUTER_TOKEN);
        registry.add("fleet.gateway.url", GATEWAY::url);
        registry.add("fleet.gateway.token", () -> GATEWAY_TOKEN);
        registry.add("fleet.gateway.advertised-url", () -> "http://localhost:" + PORT + "/mcp");
        registry.add("fleet.gateway.name", () -> "fleet-it");
        registry.add("fleet.gateway.retry-min", () -> "50ms");
        registry.add("fleet.gateway.retry-max", () -> "200ms");
        registry.add("fleet.gateway.recheck-interval", () -> "0s");
    }

    @AfterAll
    static void stopGateway() {
        GATEWAY.close();
    }

    @Test
    void theRouterServesWhileTheGatewayIsDownThenRegistersItselfWhenItAnswers() throws Exception {
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);
        assertThat(GATEWAY.entries()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> GATEWAY.requests().size() >= 2);

        GATEWAY.unavailableFor(0);

        await().atMost(Duration.ofSeconds(60)).until(() -> GATEWAY.entries().size() == 1);
        assertThat(GATEWAY.entries()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("fleet-it");
            assertThat(e.url()).isEqualTo("http://localhost:" + PORT + "/mcp");
            assertThat(e.transport()).isEqualTo("STREAMABLEHTTP");
            assertThat(e.authToken()).isEqualTo(ROUTER_TOKEN);
        });
    }

    private int status(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static ContextForgeFake startGateway() {
        try {
            ContextForgeFake gateway = ContextForgeFake.start("Bearer " + GATEWAY_TOKEN);
            gateway.reachBack();
            // Down until the test says otherwise: start-up and readiness must not wait for it.
            gateway.unavailableFor(Integer.MAX_VALUE);
            return gateway;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("router-registration-it").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
