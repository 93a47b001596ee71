package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.api.RoutableInstance;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A service that sleeps and is woken by a call, as the router sees it: the instance leaves the
 * fleet (a drain), the container pauses or stops, a call asks for a start and the same container
 * comes back, at the same address or (stopped, ports published) at a new one.
 */
class SleepWakeIT extends RouterTestBase {

    @Test
    void aStatefulSessionKeepsItsStateAcrossASleepInPauseMode() {
        String session = rawSession("2025-11-25");
        count(session, "napper");
        count(session, "napper");
        wakeAs("napper", false, false);

        fleet.directory.drain("napper");
        JsonNode third = count(session, "napper");

        assertThat(text(third)).isEqualTo("3");
    }

    @Test
    void aStatefulSessionIsReplacedTransparentlyAfterASleepInStopModeAtTheSameAddress() {
        String session = rawSession("2025-11-25");
        count(session, "napper");
        count(session, "napper");
        wakeAs("napper", true, true);

        fleet.directory.drain("napper");
        JsonNode after = count(session, "napper");

        assertThat(after.has("result")).as(after.toString()).isTrue();
        assertThat(text(after)).isEqualTo("1");
    }

    @Test
    void aStatefulSessionIsReplacedTransparentlyAfterASleepInStopModeAtANewAddress() {
        String session = rawSession("2025-11-25");
        count(session, "napper");
        wakeAs("napper", true, false);

        fleet.directory.drain("napper");
        JsonNode after = count(session, "napper");

        assertThat(text(after)).isEqualTo("1");
    }

    @Test
    void aPooledSessionIsReplacedTransparentlyAfterASleepInStopMode() {
        String session = rawSession("2025-11-25");
        count(session, "siesta");
        wakeAs("siesta", true, true);

        fleet.directory.drain("siesta");
        JsonNode after = count(session, "siesta");

        assertThat(after.has("result")).as(after.toString()).isTrue();
    }

    @Test
    void afterAWakeTimeoutTheNextCallAsksTheManagerAgain() {
        String session = rawSession("2025-11-25");
        int before = fleet.directory.starts("stuck");

        JsonNode first = answer(callRaw(session, 1, "stuck__echo", "{\"text\":\"x\"}", null));
        int afterFirst = fleet.directory.starts("stuck");
        callRaw(session, 2, "stuck__echo", "{\"text\":\"x\"}", null);

        assertThat(first.path("error").path("data").path("reason").asString()).isEqualTo("wake_timeout");
        assertThat(afterFirst).isEqualTo(before + 1);
        assertThat(fleet.directory.starts("stuck")).isEqualTo(before + 2);
    }

    /** What a start of the service does: the container comes back, restarted (stop mode) or not (pause). */
    private void wakeAs(String service, boolean restarted, boolean samePort) {
        String id = service + "-1";
        fleet.directory.onStart(service, name -> new Thread(() -> {
            if (restarted) {
                fleet.restart(id, samePort);
            }
            fleet.directory.publish(name, List.of(new RoutableInstance(id, fleet.mimics.get(id).baseUrl())));
        }).start());
    }

    private JsonNode count(String session, String service) {
        return answer(callRaw(session, "c", service + "__counter", "{}", null));
    }

    private static String text(JsonNode answer) {
        return answer.path("result").path("content").get(0).path("text").asString();
    }
}
