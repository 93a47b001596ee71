package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.api.ServiceState;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WakeIT extends RouterTestBase {

    @Test
    void twentyConcurrentCallsToASleepingServiceShareOneStartAndAreServed() throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sessions.add(rawSession("2025-11-25"));
        }

        List<JsonNode> answers = concurrently(sessions, "sleepy__echo", "{\"text\":\"wake up\"}");

        assertThat(answers).allSatisfy(a -> assertThat(a.path("result").path("content").get(0).path("text").asString())
                .isEqualTo("wake up"));
        assertThat(fleet.directory.starts("sleepy")).isEqualTo(1);
    }

    @Test
    void aHeldCallWithAProgressTokenHearsProgressWhileTheServiceWakes() {
        String session = rawSession("2025-11-25");

        HttpResponse<String> r = callRaw(session, 5, "drowsy__echo", "{\"text\":\"hi\"}", "{\"progressToken\":\"wake-1\"}");

        List<JsonNode> messages = messages(r);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(messages.get(0).path("method").asString()).isEqualTo("notifications/progress");
        assertThat(messages.get(0).path("params").path("progressToken").asString()).isEqualTo("wake-1");
        assertThat(messages.get(messages.size() - 1).path("result").path("content").get(0).path("text").asString())
                .isEqualTo("hi");
    }

    @Test
    void pastTheQueueLimitAndTheWakeDeadlineCallsGetRetryableErrors() throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(rawSession("2025-11-25"));
        }

        List<JsonNode> answers = concurrently(sessions, "stuck__echo", "{\"text\":\"x\"}");

        List<String> reasons = answers.stream().map(a -> a.path("error").path("data").path("reason").asString()).toList();
        assertThat(reasons).containsOnly("queue_full", "wake_timeout");
        assertThat(reasons).filteredOn("queue_full"::equals).hasSize(2);
        assertThat(answers).allSatisfy(a -> assertThat(a.path("error").path("data").path("retryable").asBoolean())
                .isTrue());
        assertThat(answers).allSatisfy(a -> assertThat(a.path("error").path("data").path("service").asString())
                .isEqualTo("stuck"));
    }

    @Test
    void aServiceStoppedWhileACallWaitsForItIsStartedAgainForTheCall() throws Exception {
        String session = rawSession("2025-11-25");
        CompletableFuture<JsonNode> call = CompletableFuture.supplyAsync(
                () -> answer(callRaw(session, 1, "fickle__echo", "{\"text\":\"still here\"}", null)));
        assertThat(fleet.fickleStarting.await(20, TimeUnit.SECONDS)).isTrue();

        // An API stop overtakes the wake: the manager gives up the start the router asked for.
        fleet.directory.state("fickle", ServiceState.STOPPED);

        JsonNode answer = call.get(20, TimeUnit.SECONDS);
        assertThat(answer.path("result").path("content").get(0).path("text").asString()).isEqualTo("still here");
        assertThat(fleet.directory.starts("fickle")).isEqualTo(2);
    }

    private List<JsonNode> concurrently(List<String> sessions, String tool, String args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sessions.size());
        try {
            List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
            int id = 0;
            for (String s : sessions) {
                int callId = ++id;
                futures.add(CompletableFuture.supplyAsync(() -> answer(callRaw(s, callId, tool, args, null)), pool));
            }
            List<JsonNode> out = new ArrayList<>();
            for (CompletableFuture<JsonNode> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
