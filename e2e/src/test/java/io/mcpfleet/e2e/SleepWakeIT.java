package io.mcpfleet.e2e;

import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
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
 * Idle services sleep and a tool call wakes them, through the router, on the container they slept
 * in: stop mode (the container is started again) and pause mode (unpaused); many calls to a
 * sleeping service share one wake.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SleepWakeIT {

    private static final Duration SLEEP_WITHIN = Duration.ofSeconds(60);

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            x-mimic: &mimic
              image: %s
              port: 8000
              tools:
                - name: whoami
                  annotations: {readOnlyHint: true}
            services:
              stopper:
                <<: *mimic
                sleep_policy: {idle_timeout: 2s, mode: stop}
              pauser:
                <<: *mimic
                sleep_policy: {idle_timeout: 2s, mode: pause}
              herd:
                <<: *mimic
                sleep_policy: {idle_timeout: 2s, mode: stop}
            """.formatted(TestImages.mimic())).build();

    @Test
    void aCallWakesAStopModeSleeperInTheContainerItSleptIn() {
        String id = callAndLetSleep("stopper");
        assertThat(state("stopper", id)).isEqualTo("exited");

        String woken = whoami("stopper");

        assertThat(id).startsWith(woken);
        assertThat(FLEET.containers().all("stopper")).extracting(Container::getId).containsExactly(id);
        assertThat(FLEET.managerApi().status("stopper").sleep().lastWake().mode()).isEqualTo("stop");
    }

    @Test
    void aCallWakesAPauseModeSleeperByUnpausingIt() {
        String id = callAndLetSleep("pauser");
        assertThat(state("pauser", id)).isEqualTo("paused");

        String woken = whoami("pauser");

        assertThat(id).startsWith(woken);
        assertThat(state("pauser", id)).isEqualTo("running");
        assertThat(FLEET.managerApi().status("pauser").sleep().lastWake().mode()).isEqualTo("pause");
    }

    @Test
    void aHundredConcurrentCallsToASleepingServiceAllAnswerFromOneContainer() throws Exception {
        String id = callAndLetSleep("herd");
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

        assertThat(answers).extracting(CompletableFuture::join).allMatch(id::startsWith);
        assertThat(FLEET.containers().all("herd")).extracting(Container::getId).containsExactly(id);
    }

    /**
     * Calls the service's whoami once on a client that then ends its session (a bound session
     * keeps a service awake), waits until the manager has put the service to sleep, and returns
     * the container's id.
     */
    private static String callAndLetSleep(String service) {
        FLEET.awaitTools(service + "__whoami");
        McpSyncClient client = FLEET.client();
        String prefix = text(call(client, service + "__whoami", Map.of()));
        client.closeGracefully();
        String id = FLEET.containers().idStartingWith(prefix);
        await().atMost(SLEEP_WITHIN).until(() -> "sleeping".equals(
                FLEET.managerApi().status(service).state().wireName()));
        assertThat(FLEET.toolNames()).as("a sleeping service's tools stay listed").contains(service + "__whoami");
        return id;
    }

    private static String whoami(String service) {
        return text(call(FLEET.client(), service + "__whoami", Map.of()));
    }

    private static String state(String service, String id) {
        return FLEET.containers().all(service).stream().filter(c -> c.getId().equals(id)).findFirst()
                .map(Container::getState).orElseThrow(() -> new AssertionError(service + " has no container " + id));
    }
}
