package io.mcpfleet.e2e;

import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Service;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The manager on {@code FLEET_RUNTIME=swarm} and the router, as jars, against the engine's
 * single-node swarm: tool calls wake a service asleep at zero replicas, a hundred concurrent calls
 * start one task, and a manager killed with SIGKILL adopts its services when it comes back.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SwarmFleetIT {

    private static final Duration SLEEP_WITHIN = Duration.ofSeconds(60);

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().managerEnv("FLEET_RUNTIME", "swarm")
            // as deploy/swarm does: a Swarm start answers once its task runs, seconds on a busy node
            .routerEnv("FLEET_DISCOVERY_REQUESTTIMEOUT", "30s").services("""
            x-mimic: &mimic
              image: %s
              port: 8000
              hardening: {no_new_privileges: false}
              tools:
                - name: whoami
                  annotations: {readOnlyHint: true}
            services:
              sleeper:
                <<: *mimic
                sleep_policy: {idle_timeout: 2s, mode: stop}
              herd:
                <<: *mimic
                sleep_policy: {idle_timeout: 2s, mode: stop}
              steady:
                <<: *mimic
                auto_start: true
                sleep_policy: {enabled: false}
            """.formatted(TestImages.mimic())).build();

    @Test
    void aToolCallWakesAServiceAsleepAtZeroReplicasInItsOwnSwarmService() {
        String service = callAndLetSleep("sleeper");
        assertThat(replicas(service)).isZero();

        String woken = whoami("sleeper");

        assertThat(FLEET.containers().services("sleeper")).extracting(Service::getId).containsExactly(service);
        assertThat(replicas(service)).isEqualTo(1);
        assertThat(FLEET.containers().idStartingWith(woken)).isNotBlank();
    }

    @Test
    void aHundredConcurrentCallsToASleepingServiceStartOneTask() throws Exception {
        String service = callAndLetSleep("herd");
        List<McpSyncClient> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clients.add(FLEET.client());
        }
        ExecutorService callers = Executors.newFixedThreadPool(100);
        List<CompletableFuture<String>> answers = new ArrayList<>();

        try {
            for (int i = 0; i < 100; i++) {
                McpSyncClient client = clients.get(i % clients.size());
                answers.add(CompletableFuture.supplyAsync(() -> text(call(client, "herd__whoami", Map.of())),
                        callers));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }

        assertThat(answers.stream().map(CompletableFuture::join).distinct()).hasSize(1);
        assertThat(FLEET.containers().services("herd")).extracting(Service::getId).containsExactly(service);
        assertThat(FLEET.containers().running("herd")).hasSize(1);
    }

    @Test
    void aManagerKilledWithSigkillAdoptsItsRunningServicesWhenItComesBack() {
        FLEET.awaitTools("steady__whoami");
        String before = whoami("steady");
        String service = FLEET.containers().services("steady").get(0).getId();

        FLEET.restartManager();

        await().atMost(SLEEP_WITHIN).until(() -> FLEET.managerApi().routableIds("steady").equals(List.of(service)));
        assertThat(whoami("steady")).isEqualTo(before);
        assertThat(FLEET.containers().services("steady")).extracting(Service::getId).containsExactly(service);
    }

    /** Calls the service once on a client that then ends its session, waits until it sleeps; its instance service. */
    private static String callAndLetSleep(String service) {
        FLEET.awaitTools(service + "__whoami");
        McpSyncClient client = FLEET.client();
        text(call(client, service + "__whoami", Map.of()));
        client.closeGracefully();
        await().atMost(SLEEP_WITHIN).until(() -> "sleeping".equals(
                FLEET.managerApi().status(service).state().wireName()));
        return FLEET.containers().services(service).get(0).getId();
    }

    private static String whoami(String service) {
        return text(call(FLEET.client(), service + "__whoami", Map.of()));
    }

    private static long replicas(String serviceId) {
        return FLEET.containers().services("sleeper").stream().filter(s -> s.getId().equals(serviceId))
                .findFirst().or(() -> FLEET.containers().services("herd").stream()
                        .filter(s -> s.getId().equals(serviceId)).findFirst())
                .orElseThrow().getSpec().getMode().getReplicated().getReplicas();
    }
}
