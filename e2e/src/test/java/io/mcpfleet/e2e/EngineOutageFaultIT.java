package io.mcpfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.EngineProxy;
import io.mcpfleet.testsupport.ManagerApi;
import io.mcpfleet.testsupport.TestImages;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Docker engine unreachable for the manager (issue 7), played by cutting a proxy between the
 * manager and the shared engine: readiness goes DOWN while liveness stays UP, the API answers
 * at once with 503 problems instead of hanging, calls keep flowing to the instances the router
 * knows, and once the engine is back the manager recovers by itself (ready, starting things,
 * following engine events).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EngineOutageFaultIT {

    private static final EngineProxy ENGINE = EngineProxy.start();

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              steady:
                image: %1$s
                port: 8000
                auto_start: true
              later:
                image: %1$s
                port: 8000
                tools: [{name: echo, annotations: {readOnlyHint: true}}]
            """.formatted(TestImages.mimic()))
            .managerEnv("DOCKER_HOST", ENGINE.dockerHost())
            .build();

    @AfterAll
    static void closeProxy() {
        ENGINE.close();
    }

    @Test
    void theManagerIsNotReadyAnswers503AndCallsFlowWhileTheEngineIsAwayThenItRecoversByItself() {
        FLEET.awaitTools("steady__echo", "later__echo");
        await().atMost(Duration.ofSeconds(90)).until(() -> FLEET.managerApi().routableIds("steady").size() == 1);
        ManagerApi api = FLEET.managerApi();

        BackgroundCalls.Result flowed;
        try (BackgroundCalls calls = BackgroundCalls.start(FLEET.raw(), 2, "steady__echo", "{\"text\":\"x\"}")) {
            calls.awaitMore(10);
            ENGINE.cut();
            long cutAt = System.nanoTime();
            await("readiness DOWN").atMost(Duration.ofSeconds(60)).until(() -> status(api, "/actuator/health/readiness") == 503);
            System.out.printf("engine cut: readiness DOWN after %d ms%n", millisSince(cutAt));
            int liveness = status(api, "/actuator/health/liveness");
            HttpResponse<String> list = api.get("/services");
            long startAt = System.nanoTime();
            HttpResponse<String> start = api.post("/services/later/start");
            long startMs = millisSince(startAt);
            long stopAt = System.nanoTime();
            HttpResponse<String> stop = api.post("/services/later/stop");
            long stopMs = millisSince(stopAt);
            System.out.printf("engine cut: start answered %d in %d ms, stop %d in %d ms%n", start.statusCode(), startMs,
                    stop.statusCode(), stopMs);
            calls.awaitMore(50);

            ENGINE.restore();
            long restoredAt = System.nanoTime();
            await("readiness UP").atMost(Duration.ofSeconds(60)).until(() -> status(api, "/actuator/health/readiness") == 200);
            System.out.printf("engine back: readiness UP after %d ms%n", millisSince(restoredAt));
            HttpResponse<String> startAfter = api.post("/services/later/start");
            String laterEcho = FLEET.raw().initialize().call("later__echo", "{\"text\":\"back\"}").text();
            calls.awaitMore(10);
            flowed = calls.stop();

            assertThat(liveness).as("liveness").isEqualTo(200);
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            assertThat(start.statusCode()).as(start.body()).isEqualTo(503);
            assertThat(start.body()).contains("engine-unavailable");
            assertThat(stop.statusCode()).as(stop.body()).isEqualTo(503);
            assertThat(startAfter.statusCode()).as(startAfter.body()).isEqualTo(200);
            assertThat(laterEcho).isEqualTo("back");
        }
        assertThat(flowed.failures()).as("calls to the running instance").isEmpty();
        await("the engine's event stream followed again").atMost(Duration.ofSeconds(30))
                .until(() -> FLEET.managerProcess().output().contains("reconnected"));
    }

    private static int status(ManagerApi api, String path) {
        return api.get(path).statusCode();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
