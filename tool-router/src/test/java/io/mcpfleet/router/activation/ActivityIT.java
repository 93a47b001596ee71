package io.mcpfleet.router.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.ServiceActivity;
import io.mcpfleet.router.it.RouterTestBase;
import io.mcpfleet.router.it.RouterTestConfiguration;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What the router reports as activity, seen through real calls to real mimics. */
class ActivityIT extends RouterTestBase {

    @Autowired
    ActivityTracker tracker;

    private final List<String> sessions = new ArrayList<>();

    @AfterEach
    void endSessions() {
        sessions.forEach(s -> send(HttpRequest.newBuilder(URI.create(mcpUrl())).DELETE()
                .header("Mcp-Session-Id", s).build()));
        sessions.clear();
    }

    @Test
    void aSlowCallIsInFlightOnItsInstanceUntilItEnds() {
        String session = session();

        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(
                () -> callRaw(session, 1, "lively__slow", "{\"ms\":1500}", null));
        // A call is counted in flight when it arrives and on its instance once one is picked: wait for both.
        await().until(() -> lively().instances().getOrDefault("lively-1", 0) == 1);
        ServiceActivity during = lively();
        call.join();

        assertThat(during.instances()).containsEntry("lively-1", 1);
        // The answer reaches the client a moment before the call is counted out.
        await().until(() -> lively().inFlight() == 0);
        assertThat(lively().instances()).isEmpty();
    }

    @Test
    void aCallHeldWhileItsServiceWakesIsInFlight() {
        String session = session();

        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(
                () -> callRaw(session, 1, "dozy__echo", "{\"text\":\"up\"}", null));
        await().until(() -> activity("dozy").inFlight() == 1);
        ServiceActivity held = activity("dozy");
        fleet.dozyMayWake.countDown();

        assertThat(answer(call.join()).path("result").path("content").get(0).path("text").asString()).isEqualTo("up");
        assertThat(held.instances()).isEmpty();
        await().until(() -> activity("dozy").inFlight() == 0);
    }

    @Test
    void aStreamingCallIsAnOpenStreamUntilItEnds() {
        String session = session();

        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(
                () -> callRaw(session, 1, "lively__progress", "{\"steps\":10,\"ms\":150}", "{\"progressToken\":1}"));
        await().until(() -> lively().streams() == 1);
        call.join();

        await().until(() -> lively().streams() == 0);
    }

    @Test
    void aBoundSessionKeepsItsServiceAwakeOnlyWhileTheSessionIsInUse() {
        String session = session();
        callRaw(session, 1, "lively__echo", "{\"text\":\"bind\"}", null);

        int fresh = lively().sessions();
        // The request counts as ended a moment after its answer reached the client: move time
        // past the idle timeout until that moment is behind it too.
        await().until(() -> {
            RouterTestConfiguration.CLOCK.advance(Duration.ofSeconds(61));
            return lively().sessions() == 0;
        });
        int afterIdle = lively().sessions();
        post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}", "Mcp-Session-Id", session);
        int afterPing = lively().sessions();
        post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", "Mcp-Session-Id", session);
        int afterUse = lively().sessions();

        assertThat(fresh).isEqualTo(1);
        assertThat(afterIdle).isZero();
        assertThat(afterPing).isZero();
        assertThat(afterUse).isEqualTo(1);
    }

    @Test
    void theRoutersOwnCatalogSessionIsNoActivity() {
        ServiceActivity quiet = lively();

        assertThat(quiet.inFlight()).isZero();
        assertThat(quiet.streams()).isZero();
        assertThat(quiet.sessions()).isZero();
    }

    @Test
    void aDrainSendsAReportAtOnceThatStillShowsTheCallOnTheInstanceAndACallMeanwhileCancelsTheSleep() {
        String session = session();
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(
                () -> callRaw(session, 1, "lively__slow", "{\"ms\":2000}", null));
        await().until(() -> lively().instances().getOrDefault("lively-1", 0) == 1);
        int before = fleet.directory.reports().size();
        int starts = fleet.directory.starts("lively");

        long drainEvent = fleet.directory.drain("lively");
        await().until(() -> fleet.directory.reports().size() > before);
        ActivityReport atDrain = fleet.directory.reports().get(before);
        HttpResponse<String> meanwhile = callRaw(session(), 2, "lively__echo", "{\"text\":\"still here\"}", null);
        slow.join();

        assertThat(atDrain.eventsSeen()).isGreaterThanOrEqualTo(drainEvent);
        assertThat(atDrain.services().get("lively").instances()).containsEntry("lively-1", 1);
        assertThat(answer(meanwhile).path("result").path("content").get(0).path("text").asString())
                .isEqualTo("still here");
        assertThat(fleet.directory.starts("lively")).isEqualTo(starts + 1);
        await().until(() -> lastReport().services().getOrDefault("lively", IDLE).instances().isEmpty());
    }

    private static final ServiceActivity IDLE = new ServiceActivity(0, 0, 0, null, java.util.Map.of());

    private ActivityReport lastReport() {
        List<ActivityReport> all = fleet.directory.reports();
        return all.get(all.size() - 1);
    }

    private String session() {
        String s = rawSession("2025-11-25");
        sessions.add(s);
        return s;
    }

    private ServiceActivity lively() {
        return activity("lively");
    }

    private ServiceActivity activity(String service) {
        return tracker.snapshot(s -> 60_000).stream().filter(s -> s.service().equals(service)).findFirst()
                .map(ActivityTracker.Snapshot::activity).orElse(IDLE);
    }
}
