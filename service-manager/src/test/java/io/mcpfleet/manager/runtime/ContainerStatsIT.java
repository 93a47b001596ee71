package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.MutableClock;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When {@link ContainerStats} samples a container and when it stops; time is moved, not waited for. */
class ContainerStatsIT {

    private static final Duration IDLE_AFTER = Duration.ofSeconds(60);

    private static DockerClient docker;
    private static DockerClient streams;
    // starting at the real time: samples carry real times
    private final MutableClock clock = MutableClock.startingNow();
    private ContainerStats stats;
    private String id;

    @BeforeAll
    static void clients() {
        docker = DockerTestSupport.client();
        streams = DockerClients.forStreams(DockerTestSupport.dockerHost());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        streams.close();
        DockerTestSupport.removeContainersByLabel(TestLabels.TEST, TestRun.id());
    }

    @BeforeEach
    void runningContainer() {
        stats = new ContainerStats(streams, clock, IDLE_AFTER);
        id = docker.createContainerCmd(TestImages.busybox()).withName(TestRun.unique("stats"))
                .withLabels(TestLabels.forThisRun())
                .withHostConfig(HostConfig.newHostConfig().withInit(true))
                .exec().getId();
        docker.startContainerCmd(id).exec();
    }

    @AfterEach
    void closeStats() {
        stats.close();
    }

    private void awaitFirstUsage() {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> stats.usage(id).isPresent());
    }

    @Test
    void theFirstAskSamplesAtOnceThenEveryIntervalUntilNobodyAsks() {
        assertThat(stats.usage(id)).isEmpty();
        awaitFirstUsage();
        assertThat(stats.requests()).as("two one-shot readings a second apart: the first CPU figure").isEqualTo(2);
        assertThat(stats.usage(id).orElseThrow().cpuCores()).isNotNegative();

        stats.tick();
        assertThat(stats.requests()).as("not due yet").isEqualTo(2);
        clock.advance(ContainerStats.SAMPLE_EVERY);
        stats.tick();
        assertThat(stats.requests()).as("memory alone is sampled at its slower pace").isEqualTo(2);
        clock.advance(ContainerStats.MEMORY_SAMPLE_EVERY.minus(ContainerStats.SAMPLE_EVERY));
        assertThat(stats.usage(id)).as("a sample within its interval is still reported").isPresent();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            stats.tick();
            return stats.requests() == 3;
        });

        clock.advance(IDLE_AFTER.plusSeconds(1));
        stats.tick();
        assertThat(stats.watched()).isZero();
        assertThat(stats.requests()).isEqualTo(3);
    }

    @Test
    void theAutoscalersAskSamplesAtTheFullPace() {
        assertThat(stats.cpuUsage(id)).isEmpty();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> stats.cpuUsage(id).isPresent());
        assertThat(stats.requests()).isEqualTo(2);

        clock.advance(ContainerStats.SAMPLE_EVERY);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            stats.tick();
            return stats.requests() == 3;
        });
    }

    @Test
    void aSampleOlderThanStaleAfterIsNotReported() {
        awaitFirstUsage();

        docker.killContainerCmd(id).exec();
        clock.advance(ContainerStats.MEMORY_STALE_AFTER.plusSeconds(1));

        assertThat(stats.usage(id)).isEmpty();
    }

    @Test
    void aSampleTheAutoscalerReadsGoesStaleSooner() {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> stats.cpuUsage(id).isPresent());

        docker.killContainerCmd(id).exec();
        clock.advance(ContainerStats.STALE_AFTER.plusSeconds(1));

        assertThat(stats.cpuUsage(id)).isEmpty();
    }

    @Test
    void aForgottenContainerIsNoLongerSampled() {
        awaitFirstUsage();

        stats.forget(id);
        clock.advance(ContainerStats.SAMPLE_EVERY);
        stats.tick();

        assertThat(stats.watched()).isZero();
        assertThat(stats.requests()).isEqualTo(2);
    }

    @Test
    void aBusyContainersCpuIsMeasuredBetweenSamples() {
        String busy = docker.createContainerCmd(TestImages.busybox()).withName(TestRun.unique("stats-busy"))
                .withLabels(TestLabels.forThisRun())
                .withCmd("sh", "-c", "while :; do :; done")
                .withHostConfig(HostConfig.newHostConfig().withInit(true))
                .exec().getId();
        docker.startContainerCmd(busy).exec();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> stats.cpuUsage(busy).isPresent());
        // a spinning shell on a shared machine: well above an idle one's nothing, at most every CPU
        assertThat(stats.cpuUsage(busy).orElseThrow().cpuCores()).isGreaterThan(0.05)
                .isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() + 0.1);
    }

    @Test
    void aClientWithoutADockerHttpClientIsRefused() {
        DockerClient other = (DockerClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DockerClient.class}, (proxy, method, args) -> "a proxy");

        assertThatThrownBy(() -> new ContainerStats(other, clock, IDLE_AFTER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DockerHttpClient");
    }

    @Test
    void aRemovedContainerIsDropped() {
        awaitFirstUsage();

        docker.removeContainerCmd(id).withForce(true).exec();
        clock.advance(ContainerStats.MEMORY_SAMPLE_EVERY);

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            stats.tick();
            return stats.watched() == 0;
        });
    }
}
