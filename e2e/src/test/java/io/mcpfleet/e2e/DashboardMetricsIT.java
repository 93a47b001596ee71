package io.mcpfleet.e2e;

import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.ServiceState;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Grafana dashboard shows only metrics the product serves: after a run with a routed call, a
 * sleep and a wake, every metric name the dashboard's queries read is in the manager's or the
 * router's {@code /actuator/prometheus} output. Names only: label values and series come and go
 * with the fleet.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardMetricsIT {

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              napper:
                image: %s
                port: 8000
                sleep_policy: {idle_timeout: 2s, mode: pause}
                tools: [{name: echo}]
            """.formatted(TestImages.mimic())).build();

    @Test
    void everyMetricTheDashboardQueriesIsServed() {
        FLEET.awaitTools("napper__echo");
        McpSyncClient client = FLEET.client();
        assertThat(text(call(client, "napper__echo", Map.of("text", "first")))).isEqualTo("first");
        await("napper asleep").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> FLEET.managerApi().status("napper").state() == ServiceState.SLEEPING);
        assertThat(text(call(client, "napper__echo", Map.of("text", "woken")))).isEqualTo("woken");

        Set<String> served = new TreeSet<>(FLEET.managerMetrics().names());
        served.addAll(FLEET.routerMetrics().names());

        assertThat(served).as("metric names served by the manager and the router")
                .containsAll(DashboardQueries.metricNames());
    }
}
