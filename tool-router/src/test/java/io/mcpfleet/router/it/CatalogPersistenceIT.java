package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.ServiceInstances;
import io.mcpfleet.api.ServiceSummary;
import io.mcpfleet.router.ToolRouterApplication;
import io.mcpfleet.router.discovery.DirectoryException;
import io.mcpfleet.router.discovery.FleetDirectory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;

class CatalogPersistenceIT extends RouterTestBase {

    @Test
    void aRestartedRouterListsLearnedToolsWithoutTheManagerOrTheBackends() throws Exception {
        await().until(() -> Files.exists(DATA_DIR.resolve("catalog.json"))
                && Files.readString(DATA_DIR.resolve("catalog.json")).contains("\"alpha\""));
        long callsBefore = fleet.mimics.get("alpha-1").callsReceived() + fleet.mimics.get("alpha-2").callsReceived();
        Unreachable manager = new Unreachable();

        try (ConfigurableApplicationContext fresh = freshRouter(manager)) {
            int freshPort = Integer.parseInt(fresh.getEnvironment().getProperty("local.server.port"));
            RouterTestBase client = new RouterTestBase() {
            };
            client.port = freshPort;
            String session = client.rawSession("2025-11-25");
            HttpResponse<String> list = client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                    "Mcp-Session-Id", session);
            List<String> names = new ArrayList<>();
            answer(list).path("result").path("tools").forEach((JsonNode t) -> names.add(t.path("name").asString()));

            assertThat(names).contains("alpha__echo");
            assertThat(manager.calls.get()).isPositive();
        }
        assertThat(fleet.mimics.get("alpha-1").callsReceived() + fleet.mimics.get("alpha-2").callsReceived())
                .isEqualTo(callsBefore);
    }

    private static ConfigurableApplicationContext freshRouter(FleetDirectory manager) {
        SpringApplication app = new SpringApplication(ToolRouterApplication.class);
        app.addInitializers(ctx -> ((GenericApplicationContext) ctx).registerBean("unreachableManager",
                FleetDirectory.class, () -> manager, bd -> bd.setPrimary(true)));
        return app.run("--server.port=0", "--fleet.data-dir=" + DATA_DIR, "--fleet.tools.page-size=500",
                "--spring.jmx.enabled=false");
    }

    /** A manager that never answers: the restarted router knows only its catalog file. */
    static final class Unreachable implements FleetDirectory {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<ServiceSummary> services() {
            throw down();
        }

        @Override
        public ServiceInstances instances(String service) {
            throw down();
        }

        @Override
        public void start(String service) {
            throw down();
        }

        @Override
        public void reportActivity(ActivityReport report) {
            throw down();
        }

        @Override
        public AutoCloseable subscribe(Listener listener) {
            return () -> { };
        }

        private DirectoryException down() {
            calls.incrementAndGet();
            return new DirectoryException("manager down (test)", 0, null);
        }
    }
}
