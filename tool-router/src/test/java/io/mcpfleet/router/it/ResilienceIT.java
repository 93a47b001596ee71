package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.mimic.Mimic;
import io.mcpfleet.mimic.RunningMimic;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ResilienceIT extends RouterTestBase {

    @Test
    void anIdempotentCallFailsOverWhenItsInstanceDiesMidCall() {
        McpSyncClient client = client();
        String bound = whoami(client, "failover");
        String other = bound.equals("failover-1") ? "failover-2" : "failover-1";
        CompletableFuture<McpSchema.CallToolResult> slow = CompletableFuture.supplyAsync(
                () -> call(client, "failover__slow", Map.of("ms", 3000)));
        await().until(() -> fleet.mimics.get(bound).callsReceived("slow") == 1);

        fleet.mimics.get(bound).kill();

        assertThat(text(slow.join())).isEqualTo("slept 3000 ms");
        assertThat(fleet.mimics.get(other).callsReceived("slow")).isEqualTo(1);
    }

    @Test
    void aCallThatIsNotIdempotentIsNotReplayedAndGetsARetryableError() {
        String session = rawSession("2025-11-25");
        String bound = answer(callRaw(session, 1, "oneway__whoami", "{}", null))
                .path("result").path("content").get(0).path("text").asString();
        String other = bound.equals("oneway-1") ? "oneway-2" : "oneway-1";
        fleet.mimics.get(bound).close();

        JsonNode error = answer(callRaw(session, 2, "oneway__write", "{\"key\":\"k\",\"value\":\"v\"}", null));

        assertThat(error.path("error").path("data").path("reason").asString()).isEqualTo("backend_unreachable");
        assertThat(error.path("error").path("data").path("retryable").asBoolean()).isTrue();
        assertThat(error.path("error").path("data").path("service").asString()).isEqualTo("oneway");
        assertThat(error.path("error").path("data").path("tool").asString()).isEqualTo("write");
        assertThat(fleet.mimics.get(other).callsReceived("write")).isZero();
    }

    @Test
    void aFailingInstanceIsEjectedAndReturnsAfterAHalfOpenProbe() {
        McpSyncClient client = client();
        RunningMimic victim = fleet.mimics.get("brittle-2");
        int port = victim.port();
        victim.close();

        for (int i = 0; i < 12; i++) {
            quietly(() -> whoami(client, "brittle"));
        }
        Set<String> afterEjection = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            afterEjection.add(whoami(client, "brittle"));
        }
        fleet.mimics.put("brittle-2", Mimic.start(TestFleet.options("brittle-2", false).build().withPort(port)));
        RouterTestConfiguration.CLOCK.advance(Duration.ofHours(2));
        Set<String> afterProbe = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            afterProbe.add(whoami(client, "brittle"));
        }

        assertThat(afterEjection).containsExactly("brittle-1");
        assertThat(afterProbe).containsExactlyInAnyOrder("brittle-1", "brittle-2");
    }

    @Test
    void aCallThatHangsEndsWithACallTimeout() {
        String session = rawSession("2025-11-25");

        JsonNode error = answer(callRaw(session, 1, "slowpoke__hang", "{}", null));

        assertThat(error.path("error").path("data").path("reason").asString()).isEqualTo("call_timeout");
        assertThat(error.path("error").path("data").path("retryable").asBoolean()).isTrue();
        assertThat(error.path("error").path("message").asString()).contains("300 ms");
    }

    @Test
    void garbageFromABackendIsAnError() {
        String session = rawSession("2025-11-25");

        JsonNode error = answer(callRaw(session, 1, "broken__noise", "{}", null));

        assertThat(error.path("error").path("code").asInt()).isEqualTo(-32000);
        assertThat(error.path("error").path("data").path("reason").asString()).isEqualTo("backend_garbage");
    }

    @Test
    void toolErrorsAndJsonRpcErrorsOfTheBackendPassThrough() {
        String session = rawSession("2025-11-25");

        JsonNode toolError = answer(callRaw(session, 1, "gamma__fail", "{}", null));
        JsonNode rpcError = answer(callRaw(session, 2, "gamma__error", "{}", null));

        assertThat(toolError.path("result").path("isError").asBoolean()).isTrue();
        assertThat(rpcError.path("error").path("code").asInt()).isEqualTo(-32603);
        assertThat(rpcError.path("id").asInt()).isEqualTo(2);
    }

    private String whoami(McpSyncClient client, String service) {
        McpSchema.CallToolResult r = call(client, service + "__whoami", Map.of());
        if (Boolean.TRUE.equals(r.isError())) {
            throw new IllegalStateException(text(r));
        }
        return text(r);
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // expected while the instance is down
        }
    }
}
