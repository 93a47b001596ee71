package io.mcpfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Client -> router -> manager -> Docker -> mimic containers: the catalog, waking, session
 * affinity and metrics, with the product jars run as users run them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetRoutingIT {

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              # never run, no tools declared: the router starts it once to learn its tools
              learned:
                image: %1$s
                port: 8000
              # tools declared: listed before it ever runs, and never started just to list them
              declared:
                image: %1$s
                port: 8000
                tools:
                  - name: echo
                    description: the declared echo
                    inputSchema: {type: object, properties: {text: {type: string}}, required: [text]}
              # declared too, and woken by the first call
              cold:
                image: %1$s
                port: 8000
                tools:
                  - name: whoami
                    annotations: {readOnlyHint: true}
              # stateful (the default), two replicas from the start
              sticky:
                image: %1$s
                port: 8000
                auto_start: true
                replicas: {min: 2}
            """.formatted(TestImages.mimic())).build();

    @Test
    void toolsListShowsEveryServicesToolsIncludingNeverRunAndDeclaredOnes() {
        FLEET.awaitTools("learned__echo", "learned__whoami", "learned__counter", "declared__echo",
                "cold__whoami", "sticky__counter");

        Map<String, JsonNode> tools = FLEET.tools();

        assertThat(tools.get("declared__echo").path("description").asString()).isEqualTo("the declared echo");
        assertThat(tools.keySet()).noneMatch(name -> name.startsWith("declared__") && !name.equals("declared__echo"));
        assertThat(FLEET.containers().all("declared")).as("a declared service is not started to list its tools")
                .isEmpty();
        assertThat(FLEET.containers().all("learned")).as("the router started the never-run service to learn")
                .isNotEmpty();
    }

    @Test
    void aCallToAStoppedServiceWakesItAndAnswers() {
        FLEET.awaitTools("cold__whoami");
        assertThat(FLEET.containers().all("cold")).isEmpty();
        McpSyncClient client = FLEET.client();

        CallToolResult result = call(client, "cold__whoami", Map.of());

        List<String> running = FLEET.containers().runningIds("cold");
        assertThat(running).hasSize(1);
        assertThat(result.isError()).isFalse();
        assertThat(running.get(0)).startsWith(text(result));
    }

    @Test
    void aCallToAServiceStoppedThroughTheApiWakesItAgain() {
        FLEET.awaitTools("learned__echo");
        FLEET.managerApi().stop("learned");
        await().atMost(Duration.ofSeconds(30)).until(() -> FLEET.containers().running("learned").isEmpty());
        McpSyncClient client = FLEET.client();

        CallToolResult result = call(client, "learned__echo", Map.of("text", "awake"));

        assertThat(text(result)).isEqualTo("awake");
        assertThat(FLEET.containers().running("learned")).hasSize(1);
    }

    @Test
    void aClientSessionStaysOnOneInstanceOfAStatefulService() {
        awaitTwoRoutableReplicas("sticky");
        McpSyncClient first = FLEET.client();

        List<String> counts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            counts.add(text(call(first, "sticky__counter", Map.of())));
        }
        Set<String> firstInstances = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            firstInstances.add(text(call(first, "sticky__whoami", Map.of())));
        }
        McpSyncClient second = FLEET.client();
        String secondCount = text(call(second, "sticky__counter", Map.of()));

        assertThat(counts).containsExactly("1", "2", "3");
        assertThat(firstInstances).hasSize(1);
        assertThat(secondCount).as("a second session has its own backend session").isEqualTo("1");
    }

    @Test
    void newSessionsOfAStatefulServiceSpreadOverItsReplicas() {
        awaitTwoRoutableReplicas("sticky");
        Set<String> instances = new HashSet<>();

        for (int i = 0; i < 6 && instances.size() < 2; i++) {
            instances.add(text(call(FLEET.client(), "sticky__whoami", Map.of())));
        }

        assertThat(instances).hasSize(2);
    }

    @Test
    void metricsCountCallsByServiceToolAndOutcomeAndInstancesByState() {
        FLEET.awaitTools("learned__echo", "learned__fail");
        McpSyncClient client = FLEET.client();
        call(client, "learned__echo", Map.of("text", "counted"));
        call(client, "learned__fail", Map.of("message", "on purpose"));

        Prometheus router = FLEET.routerMetrics();
        Prometheus manager = FLEET.managerMetrics();

        assertThat(router.sum("fleet_router_calls_total", Map.of("service", "learned", "tool", "echo",
                "outcome", "ok"))).as(router.text()).isGreaterThanOrEqualTo(1);
        assertThat(router.sum("fleet_router_calls_total", Map.of("service", "learned", "tool", "fail",
                "outcome", "tool_error"))).as(router.text()).isGreaterThanOrEqualTo(1);
        assertThat(manager.sum("fleet_instances", Map.of("service", "sticky", "state", "running")))
                .as(manager.text()).isGreaterThanOrEqualTo(2);
    }

    /** Waits until the router lists the service's tools and the manager routes to two instances of it. */
    private static void awaitTwoRoutableReplicas(String service) {
        FLEET.awaitTools(service + "__counter", service + "__whoami");
        await("two routable replicas of " + service).atMost(Duration.ofSeconds(60))
                .until(() -> FLEET.managerApi().routableIds(service).size() == 2);
    }
}
