package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.manager.logs.FleetLogs;
import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /services/{name}/logs} of a real manager on the real engine: a busybox service that
 * prints a known line to stderr, then a numbered line every 200 ms.
 */
@ExtendWith(RemoveThisRunsContainers.class)
class LogsIT {

    /** A busybox httpd on 8000 that says hello on stderr, then a numbered line on stdout every 200 ms. */
    static final String TICKER = "[\"/bin/sh\", \"-c\", \"echo 'ticker says hello' >&2; (i=0; while true; "
            + "do i=$((i+1)); echo \\\"tick $i\\\"; sleep 0.2; done) & exec httpd -f -p 8000 -h /www\"]";
    /** busybox httpd speaks no MCP: probed with a GET on /. */
    static final String HTTPD_HEALTH = "{type: http, path: /, interval: 1s, startup_interval: 100ms}";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static ManagerUnderTest manager;
    private static FleetLogs logs;

    @BeforeAll
    static void start() {
        String image = TestImages.busybox();
        manager = new ManagerUnderTest("""
                services:
                  ticker:
                    image: %s
                    port: 8000
                    command: %s
                    replicas: {max: 3}
                    health: %s
                """.formatted(image, TICKER, HTTPD_HEALTH), Map.of());
        logs = manager.bean(FleetLogs.class);
        assertThat(manager.post("/services/ticker/start").statusCode()).isEqualTo(200);
        await().until(() -> lines("/services/ticker/logs").size() >= 5);
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void recentLinesCarryTheirInstanceStreamAndTime() {
        List<JsonNode> lines = lines("/services/ticker/logs?tail=1000");

        JsonNode hello = lines.stream().filter(l -> l.get("text").asString().equals("ticker says hello")).findFirst()
                .orElseThrow();
        assertThat(hello.get("stream").asString()).isEqualTo("stderr");
        assertThat(hello.get("instance").asString()).isEqualTo(instanceId(0));
        assertThat(hello.get("instance_name").asString()).startsWith(manager.fleet + "-ticker-");
        assertThat(hello.get("time").asString()).endsWith("Z");
        assertThat(lines).anyMatch(l -> l.get("text").asString().equals("tick 1"));
    }

    @Test
    void tailSinceAndInstanceNarrowTheLines() {
        List<JsonNode> tail = lines("/services/ticker/logs?tail=3");
        String pivot = tail.get(1).get("time").asString();

        List<JsonNode> since = lines("/services/ticker/logs?tail=1000&since=" + pivot);
        List<JsonNode> byInstance = lines("/services/ticker/logs?tail=2&instance=" + instanceId(0).substring(0, 12));

        assertThat(tail).hasSize(3);
        assertThat(since.get(0).get("text").asString()).isEqualTo(tail.get(1).get("text").asString());
        assertThat(since).allMatch(l -> l.get("time").asString().compareTo(pivot) >= 0);
        assertThat(byInstance).hasSize(2).allMatch(l -> l.get("instance").asString().equals(instanceId(0)));
        assertThat(manager.get("/services/ticker/logs?instance=nope").statusCode()).isEqualTo(404);
        assertThat(manager.get("/services/ticker/logs?since=soon").statusCode()).isEqualTo(400);
    }

    @Test
    void followStreamsNewLinesAndNewInstancesAndEndsWhenTheClientGoesAway() throws Exception {
        HttpResponse<InputStream> stream = ManagerUnderTest.HTTP.send(manager.request("/services/ticker/logs?follow=true&tail=0")
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> ManagerUnderTest.readLines(stream.body(), events));
        reader.setDaemon(true);
        reader.start();

        await().until(() -> events.stream().filter(l -> l.contains("\"text\":\"tick ")).count() >= 3);
        assertThat(stream.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        assertThat(events).contains("event:line");
        assertThat(logs.follows()).isEqualTo(1);
        manager.post("/services/ticker/scale?replicas=2");
        await().atMost(Duration.ofSeconds(30)).until(() -> instanceIds().size() == 2);
        String second = instanceIds().get(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
                .anyMatch(l -> l.contains("\"instance\":\"" + second + "\"") && l.contains("ticker says hello")));
        assertThat(logs.engineStreams()).isEqualTo(2);

        stream.body().close();

        await().atMost(Duration.ofSeconds(30)).until(() -> logs.follows() == 0 && logs.engineStreams() == 0);
        manager.post("/services/ticker/scale?replicas=1");
    }

    @Test
    void theOpenApiDescriptionDocumentsTheEndpointAndItsParameters() {
        JsonNode api = JSON.readTree(manager.get("/v3/api-docs").body());

        JsonNode logsGet = api.get("paths").get("/services/{name}/logs").get("get");
        assertThat(logsGet.get("summary").asString()).isEqualTo("Recent output of a service's instances");
        List<String> parameters = new java.util.ArrayList<>();
        logsGet.get("parameters").forEach(p -> parameters.add(p.get("name").asString()));
        assertThat(parameters).containsExactlyInAnyOrder("name", "tail", "since", "instance", "follow");
        // and the console's other endpoints
        assertThat(api.get("paths").get("/fleet").get("get").get("summary").asString()).contains("Every service");
        assertThat(api.get("paths").get("/services/{name}/sleep").get("post").get("summary").asString())
                .isEqualTo("Put a service to sleep now");
    }

    private static List<JsonNode> lines(String path) {
        HttpResponse<String> response = manager.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> lines = new java.util.ArrayList<>();
        JSON.readTree(response.body()).get("lines").forEach(lines::add);
        return lines;
    }

    private static List<String> instanceIds() {
        List<String> ids = new java.util.ArrayList<>();
        manager.status("ticker").get("instances").forEach(i -> {
            if (i.get("state").asString().equals("running")) {
                ids.add(i.get("id").asString());
            }
        });
        return ids;
    }

    private static String instanceId(int n) {
        return manager.status("ticker").get("instances").get(n).get("id").asString();
    }
}
