package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whatever a client sends, the manager answers with a 4xx problem, touches no container and
 * stays healthy (issue 7, bad input).
 */
class HostileRequestsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FLEET = TestRun.fleetName();
    private static ConfigurableApplicationContext context;
    private static int port;

    @BeforeAll
    static void startManager() throws IOException {
        Path config = Files.createTempFile("hostile", ".yml");
        Files.writeString(config, """
                services:
                  echo:
                    image: %s
                    port: 8000
                    health: {type: http, path: /}
                    replicas: {max: 3}
                """.formatted(TestImages.busybox()));
        context = new SpringApplicationBuilder(ServiceManagerApplication.class).run("--server.port=0",
                "--fleet.name=" + FLEET, "--fleet.config=" + config, "--fleet.api-token=right-token");
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** A case that wrongly started something must not make every later case fail too. */
    @AfterEach
    void stopWhateverStarted() {
        context.getBean(FleetLifecycle.class).stop("echo", "test").join();
    }

    @AfterAll
    static void stop() {
        context.close();
        DockerTestSupport.removeContainersByLabel(TestLabels.FLEET, FLEET);
    }

    record Hostile(String name, String method, String path, String contentType, String body, int expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Hostile> requests() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        return List.of(
                new Hostile("path traversal in the name", "POST", "/services/..%2F..%2Fetc%2Fpasswd/start", null, null, 400),
                new Hostile("dot-dot name", "POST", "/services/../start", null, null, 404),
                new Hostile("encoded NUL in the name", "POST", "/services/echo%00/start", null, null, 400),
                new Hostile("a 5000-character name", "POST", "/services/" + "a".repeat(5000) + "/start", null, null, 404),
                new Hostile("unicode name", "GET", "/services/%C3%A9cho/status", null, null, 404),
                new Hostile("replicas far too large", "POST", "/services/echo/scale?replicas=99999999999999999999", null, null, 400),
                new Hostile("replicas above max", "POST", "/services/echo/scale?replicas=4", null, null, 400),
                new Hostile("replicas in exponent form", "POST", "/services/echo/scale?replicas=1e3", null, null, 400),
                new Hostile("replicas negative zero", "POST", "/services/echo/scale?replicas=-0", null, null, 200),
                new Hostile("replicas hex", "POST", "/services/echo/scale?replicas=0x2", null, null, 400),
                new Hostile("replicas as a float in the body", "POST", "/services/echo/scale", "application/json", "{\"replicas\":1.5}", 400),
                new Hostile("replicas as null in the body", "POST", "/services/echo/scale", "application/json", "{\"replicas\":null}", 400),
                new Hostile("replicas huge in the body", "POST", "/services/echo/scale", "application/json", "{\"replicas\":1e309}", 400),
                new Hostile("truncated JSON", "POST", "/services/echo/scale", "application/json", "{\"replicas\": 1", 400),
                new Hostile("not JSON at all", "POST", "/services/echo/scale", "application/json", "replicas=1", 400),
                new Hostile("a JSON array", "POST", "/services/echo/scale", "application/json", "[1]", 400),
                new Hostile("deep nesting", "POST", "/services/echo/scale", "application/json", deep, 400),
                new Hostile("deep nesting in an activity report", "POST", "/activity", "application/json",
                        "{\"router_id\":\"r\",\"services\":" + deep + "}", 400),
                new Hostile("activity with an absurd count", "POST", "/activity", "application/json",
                        "{\"router_id\":\"r\",\"services\":{\"echo\":{\"in_flight\":99999999999,\"streams\":0,\"sessions\":0}}}", 400),
                new Hostile("activity for an unknown service", "POST", "/activity", "application/json",
                        "{\"router_id\":\"r\",\"services\":{\"../x\":{\"in_flight\":0,\"streams\":0,\"sessions\":0}}}", 204),
                new Hostile("a body of the wrong type", "POST", "/activity", "text/plain", "hello", 415),
                new Hostile("a body over the limit", "POST", "/activity", "application/json",
                        "{\"router_id\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}", 413),
                new Hostile("an unknown endpoint", "GET", "/services/echo/secrets", null, null, 404),
                new Hostile("a wrong method", "DELETE", "/services", null, null, 405),
                new Hostile("a path that is not a resource", "DELETE", "/services/echo", null, null, 404),
                new Hostile("a start with a body", "POST", "/services/echo/start?wait=maybe", "application/json", "{}", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void hostileRequestsGetA4xxAndTouchNoContainer(Hostile h) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + h.path()))
                .header("Authorization", "Bearer right-token").timeout(Duration.ofSeconds(30))
                .method(h.method(), h.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(h.body()));
        if (h.contentType() != null) {
            request.header("Content-Type", h.contentType());
        }

        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(h.expected());
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
        assertThat(containers()).as("containers of the fleet").isZero();
        assertThat(health()).isEqualTo(200);
    }

    @Test
    void malformedAndWrongTokensAreRefusedOnEveryProtectedEndpoint() throws Exception {
        for (String path : new String[] {"/services", "/services/echo/status", "/services/health", "/events",
                "/services/echo/instances"}) {
            for (String auth : new String[] {null, "Bearer", "Bearer wrong-token", "Basic cmlnaHQtdG9rZW4=",
                    "Bearer right-token-x", "bearer  ", "Token right-token"}) {
                HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
                if (auth != null) {
                    r.header("Authorization", auth);
                }
                HttpResponse<Void> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.discarding());
                assertThat(response.statusCode()).as(path + " with " + auth).isEqualTo(401);
            }
        }
        for (String path : new String[] {"/services/echo/start", "/services/echo/stop",
                "/services/echo/scale?replicas=1", "/activity"}) {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
        }
        assertThat(containers()).isZero();
    }

    @Test
    void wrongMalformedAndDuplicateTokensAreRefusedOnEveryEndpointAndSpellingOfIt() throws Exception {
        List<String> answers = new ArrayList<>();
        for (String[] endpoint : PROTECTED) {
            for (String spelling : spellings(endpoint[1])) {
                for (List<String> auth : List.of(List.<String>of(), List.of("Bearer wrong-token"),
                        List.of("Bearer"), List.of("Bearer right-token extra"), List.of("right-token"),
                        List.of("Basic cmlnaHQtdG9rZW4="), List.of("Bearer right-token", "Bearer wrong-token"),
                        List.of("Bearer wrong-token", "Bearer right-token"))) {
                    answers.add(endpoint[0] + " " + spelling + " " + auth + " -> " + rawStatus(endpoint[0], spelling,
                            auth));
                }
            }
        }

        // 404 and 400 are fine (no such path after normalising); a 2xx would be a way around the token.
        assertThat(answers).allSatisfy(a -> assertThat(a).matches(".* -> (400|401|404)"));
        assertThat(answers).filteredOn(a -> a.contains(" /services/echo/start ")).allSatisfy(a -> assertThat(a)
                .endsWith("401"));
        assertThat(containers()).isZero();
    }

    /** Every endpoint behind the token, as method and path. */
    private static final String[][] PROTECTED = {{"GET", "/services"}, {"GET", "/services/health"},
        {"GET", "/services/echo/status"}, {"GET", "/services/echo/health"}, {"GET", "/services/echo/instances"},
        {"GET", "/events"}, {"POST", "/services/echo/start"}, {"POST", "/services/echo/stop"},
        {"POST", "/services/echo/scale?replicas=1"}, {"POST", "/activity"}};

    /** The path and spellings a servlet container may normalise to it. */
    private static List<String> spellings(String path) {
        String first = path.substring(1, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1));
        String rest = path.substring(1 + first.length());
        return List.of(path, "/" + path, "/./" + path.substring(1), "/x/.." + path,
                "/" + first + ";a=b" + rest, "/%" + Integer.toHexString(first.charAt(0)) + first.substring(1) + rest,
                "/" + first.toUpperCase(Locale.ROOT) + rest, path.contains("?") ? path : path + "/");
    }

    private static int rawStatus(String method, String path, List<String> authorization) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        authorization.forEach(a -> request.append("Authorization: ").append(a).append("\r\n"));
        if (method.equals("POST")) {
            String body = "{\"router_id\":\"r\",\"services\":{}}";
            request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length())
                    .append("\r\n\r\n").append(body);
        } else {
            request.append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    @Test
    void garbageOnTheWireDoesNotHurtTheManager() throws Exception {
        for (String raw : new String[] {"GARBAGE\r\n\r\n", "POST /services/echo/start HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 5\r\n\r\n", "GET /" + "x".repeat(20000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /services HTTP/1.1\r\n" + "X-Big: " + "y".repeat(40000) + "\r\n\r\n"}) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
                assertThat(status).as(raw.substring(0, Math.min(raw.length(), 30))).matches("HTTP/1.1 4\\d\\d|^$");
            } catch (java.net.SocketTimeoutException | java.net.SocketException ignored) {
                // Dropping a garbage connection is a fine answer too.
            }
        }
        assertThat(health()).isEqualTo(200);
        assertThat(containers()).isZero();
    }

    private static long containers() {
        DockerClient docker = DockerTestSupport.client();
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TestLabels.FLEET, FLEET)).exec()
                .size();
    }

    private static int health() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
