package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.manager.api.OpenStreamsProbe;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.JarProcess;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.StreamReader;
import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A manager stopping while clients follow its streams (the router's {@code /events} subscription
 * and its learning session's GET stream at each stdio service's bridge always do; an operator's
 * console or {@code logs?follow=true} may): each stream is ended
 * properly, with the last chunk of its response, so its client sees the end of the stream and
 * reconnects, instead of graceful shutdown waiting for it until its timeout and then cutting the
 * connection.
 */
@ExtendWith(RemoveThisRunsContainers.class)
class ShutdownIT {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Test
    void stoppingEndsOpenEventAndLogStreamsCleanly() throws Exception {
        ManagerUnderTest manager = new ManagerUnderTest("""
                services:
                  ticker:
                    image: %s
                    port: 8000
                    command: %s
                    health: %s
                  echo:
                    image: %s
                    transport: stdio
                """.formatted(TestImages.busybox(), LogsIT.TICKER, LogsIT.HTTPD_HEALTH, TestImages.stdioEcho()),
                // the bridge advertises the port it was given (see BridgeHttpIT)
                Map.of("server.port", Integer.toString(JarProcess.freePort()),
                        // Graceful shutdown would wait this long for a stream nobody ends: the streams'
                        // ends below are then not reached within their minute, and the test fails.
                        "spring.lifecycle.timeout-per-shutdown-phase", "5m"));
        try {
            assertThat(manager.post("/services/ticker/start").statusCode()).isEqualTo(200);
            assertThat(manager.post("/services/echo/start").statusCode()).isEqualTo(200);
            Queue<String> events = new ConcurrentLinkedQueue<>();
            Queue<String> logLines = new ConcurrentLinkedQueue<>();
            Queue<String> bridgeLines = new ConcurrentLinkedQueue<>();
            CompletableFuture<Boolean> eventsEnded = follow(manager, "/events", events);
            CompletableFuture<Boolean> logsEnded = follow(manager, "/services/ticker/logs?follow=true&tail=0", logLines);
            CompletableFuture<Boolean> bridgeEnded = followBridge(manager, bridgeLines);
            await().until(() -> events.stream().anyMatch(l -> l.equals("event:snapshot"))
                    && logLines.stream().anyMatch(l -> l.startsWith("data:")));
            IntSupplier open = OpenStreamsProbe.open(manager::bean);
            assertThat(open.getAsInt()).isEqualTo(2);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(manager::stopKeepingContainers);

            // true: the stream ended with its last chunk; an IOException (a cut connection) gives false
            assertThat(eventsEnded.get(60, TimeUnit.SECONDS)).as("/events ended cleanly").isTrue();
            assertThat(logsEnded.get(60, TimeUnit.SECONDS)).as("the log follow ended cleanly").isTrue();
            assertThat(bridgeEnded.get(60, TimeUnit.SECONDS)).as("the bridge's GET stream ended cleanly").isTrue();
            stopped.get(60, TimeUnit.SECONDS);
            assertThat(open.getAsInt()).isZero();
        } finally {
            DockerTestSupport.removeContainersByLabel(TestLabels.FLEET, manager.fleet);
        }
    }

    /** Opens a session at the stdio service's bridge and its GET stream, as the router's learning session does. */
    private static CompletableFuture<Boolean> followBridge(ManagerUnderTest manager, Queue<String> lines)
            throws IOException, InterruptedException {
        await().atMost(Duration.ofSeconds(60)).until(() -> manager.get("/services/echo/instances").body()
                .contains("/bridge/echo/"));
        String id = JSON.readTree(manager.get("/services/echo/instances").body()).path("instances").get(0)
                .path("id").asString();
        String path = "/bridge/echo/" + id + "/mcp";
        HttpResponse<String> init = ManagerUnderTest.send(manager.request(path).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(RawMcp.initializeBody())).build());
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<InputStream> response = ManagerUnderTest.HTTP.send(manager.request(path)
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", session).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return StreamReader.readToEnd(response, lines);
    }

    /** Reads {@code path}'s stream into {@code lines}; completes with whether it ended without an error. */
    private static CompletableFuture<Boolean> follow(ManagerUnderTest manager, String path, Queue<String> lines)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = ManagerUnderTest.HTTP.send(
                manager.request(path).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return StreamReader.readToEnd(response, lines);
    }
}
