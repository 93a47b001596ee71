package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestRun;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A start only to learn a service's tools ({@code reason=learn-tools}, as the router sends it)
 * that fails goes back to the service's sleep state on the real engine, instead of being retried.
 */
@ExtendWith(RemoveThisRunsContainers.class)
class LearningStartIT {

    private static final Duration SOON = Duration.ofSeconds(60);

    @Test
    void aSleepingServiceWhoseImageIsGoneEndsAsleepWithTheReason() throws Exception {
        String image = "mcpfleet-test/learn-gone:" + TestRun.id();
        DockerClient docker = DockerTestSupport.client();
        String busybox = docker.inspectImageCmd(TestImages.busybox()).exec().getId();
        docker.tagImageCmd(busybox, "mcpfleet-test/learn-gone", TestRun.id()).exec();
        try (ManagerUnderTest m = new ManagerUnderTest(service("gone", image, "mode: stop, idle_timeout: 1h"),
                Map.of())) {
            assertThat(m.post("/services/gone/start").statusCode()).isEqualTo(200);
            m.bean(FleetLifecycle.class).sleep("gone", "test").join();
            docker.removeContainerCmd(m.containers("gone").get(0).getId()).withForce(true).exec();
            docker.removeImageCmd(image).exec();
            await().atMost(SOON).until(() -> m.status("gone").path("instances").isEmpty());
            assertThat(m.state("gone")).isEqualTo("sleeping");

            HttpResponse<String> started = m.post("/services/gone/start?wait=false&reason=learn-tools");

            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            await().atMost(SOON).until(() -> m.status("gone").path("message").asString("").contains("learn"));
            JsonNode status = m.status("gone");
            assertThat(status.path("state").asString()).isEqualTo("sleeping");
            assertThat(status.path("desired_replicas").asInt()).isZero();
            assertThat(status.path("message").asString()).contains("only to learn its tools")
                    .contains("learn-gone").contains("asleep again");
            assertThat(m.containers("gone")).isEmpty();
        } finally {
            if (DockerTestSupport.imageExists(image)) {
                docker.removeImageCmd(image).exec();
            }
        }
    }

    @Test
    void aNeverStartedServiceWhoseImageDoesNotExistStaysStoppedWithTheReason() {
        String image = "mcpfleet-test/never-built:" + TestRun.id();
        try (ManagerUnderTest m = new ManagerUnderTest(service("missing", image, "mode: stop"), Map.of())) {

            HttpResponse<String> started = m.post("/services/missing/start?wait=false&reason=learn-tools");

            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            await().atMost(SOON).until(() -> m.status("missing").path("message").asString("").contains("learn"));
            assertThat(m.state("missing")).isEqualTo("stopped");
            assertThat(m.status("missing").path("desired_replicas").asInt()).isZero();
            assertThat(m.status("missing").path("message").asString()).contains("never-built")
                    .contains("stopped again");
        }
    }

    private static String service(String name, String image, String sleepPolicy) {
        return """
                services:
                  %s:
                    image: %s
                    port: 8000
                    health: {type: http, path: /}
                    sleep_policy: {%s}
                """.formatted(name, image, sleepPolicy);
    }
}
