package io.mcpfleet.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The training run's stand-in over real HTTP on 127.0.0.1. */
class StandInTest {

    private final StandIn standIn = StandIn.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void answersAnEngineWithNoContainers() throws Exception {
        assertThat(standIn.dockerHost()).startsWith("tcp://127.0.0.1:");

        assertThat(get("/_ping").body()).isEqualTo("OK");
        assertThat(get("/info").body()).contains("\"MemTotal\":");
        assertThat(get("/containers/json?all=1").body()).isEqualTo("[]");
    }

    @Test
    void answersAManagerWithNoServices() throws Exception {
        assertThat(get("/services").body()).isEqualTo("[]");
        HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create(standIn.url() + "/activity"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(204);
    }

    @Test
    void keepsEventStreamsOpenUntilItCloses() throws Exception {
        HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(URI.create(standIn.url() + "/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream body = events.body()) {
                return body.read();
            } catch (IOException e) {
                return -2;
            }
        });

        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type")).contains("text/event-stream");
        Thread.sleep(200);
        assertThat(read).isNotDone();
        standIn.close();
        assertThat(read.get(10, TimeUnit.SECONDS)).isIn(-1, -2);
    }

    @Test
    void anythingElseIsNotFound() throws Exception {
        assertThat(get("/containers/create").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(standIn.url() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
