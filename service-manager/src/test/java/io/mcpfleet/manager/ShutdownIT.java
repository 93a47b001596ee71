package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.manager.api.OpenStreamsProbe;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A manager stopping while clients follow its streams (the router's {@code /events} subscription
 * always does; an operator's console or {@code logs?follow=true} may): each stream is ended
 * properly, with the last chunk of its response, so its client sees the end of the stream and
 * reconnects, instead of graceful shutdown waiting for it until its timeout and then cutting the
 * connection.
 */
@ExtendWith(RemoveThisRunsContainers.class)
class ShutdownIT {

    @Test
    void stoppingEndsOpenEventAndLogStreamsCleanly() throws Exception {
        ManagerUnderTest manager = new ManagerUnderTest("""
                services:
                  ticker:
                    image: %s
                    port: 8000
                    command: %s
                    health: %s
                """.formatted(TestImages.busybox(), LogsIT.TICKER, LogsIT.HTTPD_HEALTH), Map.of());
        try {
            assertThat(manager.post("/services/ticker/start").statusCode()).isEqualTo(200);
            Queue<String> events = new ConcurrentLinkedQueue<>();
            Queue<String> logLines = new ConcurrentLinkedQueue<>();
            CompletableFuture<Boolean> eventsEnded = follow(manager, "/events", events);
            CompletableFuture<Boolean> logsEnded = follow(manager, "/services/ticker/logs?follow=true&tail=0", logLines);
            await().until(() -> events.stream().anyMatch(l -> l.equals("event:snapshot"))
                    && logLines.stream().anyMatch(l -> l.startsWith("data:")));
            IntSupplier open = OpenStreamsProbe.open(manager::bean);
            assertThat(open.getAsInt()).isEqualTo(2);

            manager.stopKeepingContainers();

            // true: the stream ended with its last chunk; an IOException (a cut connection) gives false
            assertThat(eventsEnded.get(60, TimeUnit.SECONDS)).as("/events ended cleanly").isTrue();
            assertThat(logsEnded.get(60, TimeUnit.SECONDS)).as("the log follow ended cleanly").isTrue();
            assertThat(open.getAsInt()).isZero();
        } finally {
            DockerTestSupport.removeContainersByLabel(TestLabels.FLEET, manager.fleet);
        }
    }

    /** Reads {@code path}'s stream into {@code lines}; completes with whether it ended without an error. */
    private static CompletableFuture<Boolean> follow(ManagerUnderTest manager, String path, Queue<String> lines)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = ManagerUnderTest.HTTP.send(
                manager.request(path).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
                return true;
            } catch (IOException cut) {
                return false;
            }
        });
    }
}
