package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.ToolRouterApplication;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two router replicas behind one address, as on Swarm: they share {@code fleet.sessions.key}, and
 * the calls of one client session alternate between them.
 */
class SharedSessionsIT {

    private final List<ConfigurableApplicationContext> routers = new ArrayList<>();

    @AfterEach
    void close() {
        routers.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void callsOfOneSessionAlternatingBetweenTwoRoutersAllAnswer() {
        RawMcp a = RawMcp.to(router("shared-key"));
        RawMcp b = RawMcp.to(router("shared-key"));
        awaitTools(a);
        awaitTools(b);
        RawMcp.Session opened = a.initialize();
        opened.initialized();

        List<RawResponse> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RawMcp.Session on = (i % 2 == 0 ? b : a).session(opened.id());
            answers.add(on.call("alpha__echo", "{\"text\":\"call " + i + "\"}"));
        }

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        for (int i = 0; i < 6; i++) {
            assertThat(answers.get(i).text()).contains("call " + i);
        }
        assertThat(b.session(opened.id()).request("tools/list", "{}").body()).contains("alpha__echo");
    }

    @Test
    void aRouterWithAnotherKeyDoesNotKnowTheSession() {
        RawMcp a = RawMcp.to(router("one-key"));
        RawMcp b = RawMcp.to(router("another-key"));
        RawMcp.Session opened = a.initialize();

        RawResponse elsewhere = b.session(opened.id()).call("alpha__echo", "{\"text\":\"x\"}");

        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.body()).contains("unknown or expired session");
    }

    /** Until the router has learned the test fleet's tools (it learns them at start-up, in the background). */
    private static void awaitTools(RawMcp router) {
        RawMcp.Session session = router.initialize();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> session.request("tools/list", "{}").body().contains("alpha__echo"));
    }

    /** A router in front of {@link TestFleet} with its own data directory and the given session key; its MCP URL. */
    private String router(String key) {
        String dataDir;
        try {
            dataDir = Files.createTempDirectory("router-data-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ToolRouterApplication.class,
                RouterTestConfiguration.class)
                .run("--server.port=0", "--fleet.data-dir=" + dataDir, "--fleet.sessions.key=" + key,
                        "--fleet.activity.report-interval=1h");
        routers.add(context);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return "http://localhost:" + port + "/mcp";
    }
}
