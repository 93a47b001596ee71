package io.mcpfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.mcpfleet.testsupport.TestImages;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Activity is work in flight, not the last request: a call that runs five times longer than its
 * service's idle timeout keeps the service awake (the router reports it in flight every second),
 * and once the call has ended and the timeout has passed, the service sleeps. (It needs the
 * manager's idle sleep policy, from the sleep work of issue 4.)
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ActivityE2EIT {

    private static final long CALL_MS = 5000;

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              napper:
                image: %s
                port: 8000
                sleep_policy: {idle_timeout: 1s, mode: stop}
                # Declared, so that the router knows the tool without starting the service to learn it.
                tools: [{name: slow, annotations: {readOnlyHint: true}}]
            """.formatted(TestImages.mimic())).build();

    @Test
    void aLongCallKeepsAServiceWithAShortIdleTimeoutAwakeAndItSleepsOnceTheCallHasEnded() {
        FLEET.awaitTools("napper__slow");
        RawMcp.Session session = FLEET.raw().initialize();

        CompletableFuture<RawResponse> call = CompletableFuture.supplyAsync(
                () -> session.call("napper__slow", "{\"ms\":" + CALL_MS + "}"));
        await("the call's container running").atMost(Duration.ofSeconds(60))
                .until(() -> FLEET.containers().running("napper").size() == 1);
        await("the service awake while the call runs").during(Duration.ofMillis(CALL_MS - 2000))
                .atMost(Duration.ofMillis(CALL_MS))
                .until(() -> awake() && FLEET.containers().running("napper").size() == 1);
        RawResponse answer = call.join();

        assertThat(answer.text()).isEqualTo("slept " + CALL_MS + " ms");
        await("the service asleep after the call").atMost(Duration.ofSeconds(30))
                .until(() -> "sleeping".equals(state()));
        assertThat(FLEET.containers().running("napper")).isEmpty();
    }

    private static boolean awake() {
        String state = state();
        return !"sleeping".equals(state) && !"draining".equals(state);
    }

    private static String state() {
        return FLEET.managerApi().status("napper").state().wireName();
    }
}
