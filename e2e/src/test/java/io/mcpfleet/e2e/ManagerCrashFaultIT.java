package io.mcpfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The manager killed with SIGKILL while calls flow (issue 7): the router keeps serving the running
 * instances it knows, and the restarted manager adopts every container as it was: no duplicate,
 * no orphan, nothing stopped or restarted, nothing started that was not running.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ManagerCrashFaultIT {

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              steady:
                image: %1$s
                port: 8000
                replicas: {min: 2}
              # Never started: the restart must not start it either.
              idle:
                image: %1$s
                port: 8000
                tools: [{name: echo, annotations: {readOnlyHint: true}}]
            """.formatted(TestImages.mimic())).build();

    @Test
    void callsFlowWhileTheManagerIsDownAndTheRestartedManagerAdoptsEveryContainerAsItWas() {
        FLEET.awaitTools("steady__echo", "idle__echo");
        List<String> routable = await("two routable replicas").atMost(Duration.ofSeconds(90))
                .until(() -> FLEET.managerApi().routableIds("steady"), ids -> ids.size() == 2);
        Map<String, String> before = FLEET.containers().states();

        BackgroundCalls.Result flowed;
        long whileDown;
        try (BackgroundCalls calls = BackgroundCalls.start(FLEET.raw(), 4, "steady__echo", "{\"text\":\"x\"}")) {
            calls.awaitMore(20);
            FLEET.managerProcess().kill();
            long atKill = calls.calls();
            calls.awaitMore(100);
            whileDown = calls.calls() - atKill;
            FLEET.restartManager();
            await("the restarted manager to route to both replicas").atMost(Duration.ofSeconds(60))
                    .until(() -> FLEET.managerApi().routableIds("steady"), ids -> ids.size() == 2);
            calls.awaitMore(100);
            flowed = calls.stop();
        }
        Map<String, String> after = FLEET.containers().states();
        System.out.printf("manager killed: %d calls, %d while it was down, %d failed%n", flowed.calls(), whileDown,
                flowed.failed());

        assertThat(flowed.failures()).as("calls that failed").isEmpty();
        assertThat(after).as("containers before and after the restart").isEqualTo(before);
        assertThat(FLEET.managerApi().routableIds("steady")).containsExactlyInAnyOrderElementsOf(routable);
        assertThat(FLEET.managerApi().status("idle").state().wireName()).isEqualTo("stopped");
    }
}
