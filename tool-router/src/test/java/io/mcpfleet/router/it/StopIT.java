package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.ToolRouterApplication;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.StreamReader;
import io.mcpfleet.testsupport.RawModernMcp;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The router stopping while clients hold their long-lived streams (a gateway always holds one): a
 * 2025 session's GET stream and a 2026-07-28 {@code subscriptions/listen} each end properly (the
 * listen with its final {@code resultType: complete} result, both with their response's last
 * chunk), instead of graceful shutdown waiting for them until its timeout and then cutting the
 * connections. The router runs alone: no manager answers, and none is needed to hold a session.
 */
class StopIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void stoppingEndsGetStreamsAndListensCleanly() throws Exception {
        ConfigurableApplicationContext router = new SpringApplicationBuilder(ToolRouterApplication.class).run(
                "--server.port=0", "--fleet.manager-url=http://127.0.0.1:9",
                "--fleet.data-dir=" + Files.createTempDirectory("router-stop-"),
                "--fleet.activity.report-interval=1h",
                // Graceful shutdown would wait this long for a stream nobody ends: the streams' ends
                // below are then not reached within their minute, and the test fails.
                "--spring.lifecycle.timeout-per-shutdown-phase=5m");
        String mcp = "http://127.0.0.1:" + ((WebServerApplicationContext) router).getWebServer().getPort() + "/mcp";
        try {
            RawMcp.Session session = RawMcp.to(mcp).initialize();
            Queue<String> getLines = new ConcurrentLinkedQueue<>();
            CompletableFuture<Boolean> getEnded = StreamReader.readToEnd(HTTP.send(HttpRequest.newBuilder(URI.create(mcp))
                    .header("Accept", "text/event-stream").header("Mcp-Session-Id", session.id())
                    .header("MCP-Protocol-Version", RawMcp.PROTOCOL).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()), getLines);
            Queue<String> listenLines = new ConcurrentLinkedQueue<>();
            CompletableFuture<Boolean> listenEnded = StreamReader.readToEnd(HTTP.send(HttpRequest.newBuilder(URI.create(mcp))
                    .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                    .header("MCP-Protocol-Version", RawModernMcp.PROTOCOL).header("Mcp-Method", "subscriptions/listen")
                    .POST(HttpRequest.BodyPublishers.ofString(RawModernMcp.body(1, "subscriptions/listen",
                            "\"notifications\":{\"toolsListChanged\":true}")))
                    .build(), HttpResponse.BodyHandlers.ofInputStream()), listenLines);
            // the listen is acknowledged once it is registered
            await().until(() -> listenLines.stream().anyMatch(l -> l.startsWith("data:")));

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(router::close);

            // true: the stream ended with its last chunk; a cut connection (an IOException) gives false
            assertThat(getEnded.get(60, TimeUnit.SECONDS)).as("the GET stream ended cleanly").isTrue();
            assertThat(listenEnded.get(60, TimeUnit.SECONDS)).as("the listen ended cleanly").isTrue();
            assertThat(listenLines).anySatisfy(l -> assertThat(l).startsWith("data:").contains("\"id\":1")
                    .contains("\"resultType\":\"complete\""));
            stopped.get(60, TimeUnit.SECONDS);
        } finally {
            router.close();
        }
    }
}
