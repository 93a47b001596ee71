package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.mcpfleet.config.Hardening;
import io.mcpfleet.manager.lifecycle.ContainerEvent;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.ContainerSnapshot;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.manager.lifecycle.ContainerStatus;
import io.mcpfleet.manager.lifecycle.EngineUnavailableException;
import io.mcpfleet.manager.lifecycle.ImageNotFoundException;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.EngineProxy;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DockerContainerRuntime} against the real engine, with the busybox test image. */
class DockerContainerRuntimeIT {

    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final long MEMORY = 64L * 1024 * 1024;
    private static final long HALF_A_CPU = 500_000_000L;

    private static DockerContainerRuntime runtime;
    private static DockerClient docker;
    private static String image;
    private static final List<String> networks = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() {
        docker = DockerTestSupport.client();
        DockerTestSupport.removeContainersByLabel(TestLabels.TEST, TestRun.id());
        image = TestImages.busybox();
        runtime = DockerContainerRuntime.forHost(DockerTestSupport.dockerHost());
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
        DockerTestSupport.removeContainersByLabel(TestLabels.TEST, TestRun.id());
        networks.forEach(network -> docker.removeNetworkCmd(network).exec());
    }

    private static Map<String, String> labels(String testCase) {
        Map<String, String> labels = new HashMap<>(TestLabels.forThisRun());
        labels.put("io.mcpfleet.test.case", testCase);
        return labels;
    }

    private static ContainerSpec spec(String testCase) {
        return new ContainerSpec(TestRun.unique("rt"), image, List.of(), List.of(), Map.of(), labels(testCase),
                TestImages.PORT, 0, 0, Hardening.DEFAULT, List.of(), "127.0.0.1");
    }

    private static String started(ContainerSpec spec) {
        String id = runtime.create(spec);
        runtime.start(id);
        return id;
    }

    private static ContainerSnapshot snapshot(String id) {
        return runtime.inspect(id).orElseThrow();
    }

    private static String url(String id) {
        return "http://127.0.0.1:" + snapshot(id).publishedPorts().get(TestImages.PORT) + "/";
    }

    @Test
    void createdContainerCarriesLabelsEnvironmentLimitsInitAndHardening() {
        Hardening hardening = new Hardening(true, true, List.of("ALL"), List.of("NET_BIND_SERVICE"), "65534:65534",
                List.of("/tmp"), 64);
        ContainerSpec spec = new ContainerSpec(TestRun.unique("rt"), image, List.of(), List.of(),
                Map.of("GREETING", "hello"), labels("create"), TestImages.PORT, MEMORY, HALF_A_CPU, hardening,
                List.of(), "127.0.0.1");

        String id = started(spec);

        InspectContainerResponse inspected = docker.inspectContainerCmd(id).exec();
        HostConfig host = inspected.getHostConfig();
        assertThat(inspected.getConfig().getLabels()).containsAllEntriesOf(spec.labels());
        assertThat(inspected.getConfig().getEnv()).contains("GREETING=hello");
        assertThat(inspected.getConfig().getUser()).isEqualTo("65534:65534");
        assertThat(host.getMemory()).isEqualTo(MEMORY);
        assertThat(host.getMemorySwap()).isEqualTo(MEMORY);
        assertThat(host.getNanoCPUs()).isEqualTo(HALF_A_CPU);
        assertThat(host.getInit()).isTrue();
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges:true");
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(host.getCapAdd()).extracting(Enum::name).containsExactly("NET_BIND_SERVICE");
        assertThat(host.getTmpFs()).containsOnlyKeys("/tmp");
        assertThat(host.getPidsLimit()).isEqualTo(64L);
        assertThat(host.getPortBindings().getBindings().values()).singleElement()
                .satisfies(bindings -> assertThat(bindings[0].getHostIp()).isEqualTo("127.0.0.1"));
    }

    @Test
    void startedContainerServesHttpOnItsPublishedLoopbackPort() throws Exception {
        String id = started(spec("http"));

        ContainerSnapshot snapshot = snapshot(id);
        DockerTestSupport.awaitHttp(url(id), Duration.ofSeconds(10));

        assertThat(snapshot.status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(snapshot.startedAt()).isNotNull();
        assertThat(snapshot.exitCode()).isNull();
        assertThat(snapshot.name()).doesNotStartWith("/").startsWith("rt-");
        assertThat(snapshot.publishedPorts()).containsKey(TestImages.PORT);
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(id))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).isEqualTo(TestImages.BUSYBOX_INDEX);
    }

    @Test
    void containerOnNetworksJoinsAllAndPublishesNothing() {
        String first = network();
        String second = network();
        ContainerSpec spec = new ContainerSpec(TestRun.unique("rt"), image, List.of(), List.of(), Map.of(),
                labels("networks"), TestImages.PORT, 0, 0, Hardening.DEFAULT, List.of(first, second), null);

        String id = started(spec);

        InspectContainerResponse inspected = docker.inspectContainerCmd(id).exec();
        assertThat(inspected.getNetworkSettings().getNetworks()).containsOnlyKeys(first, second);
        assertThat(snapshot(id).publishedPorts()).isEmpty();
    }

    private static String network() {
        String name = TestRun.unique("rt-net");
        docker.createNetworkCmd().withName(name).withLabels(TestLabels.forThisRun()).exec();
        networks.add(name);
        return name;
    }

    @Test
    void stopForwardsSigtermThroughInitAndIsIdempotent() {
        String id = started(spec("stop"));
        DockerTestSupport.awaitHttp(url(id), Duration.ofSeconds(10));

        runtime.stop(id, GRACE);
        runtime.stop(id, GRACE);

        ContainerSnapshot stopped = snapshot(id);
        assertThat(stopped.status()).isEqualTo(ContainerStatus.EXITED);
        // 143 = 128 + SIGTERM: httpd got the TERM through init; 137 would mean the grace ran out and it was killed
        assertThat(stopped.exitCode()).isEqualTo(143);
    }

    @Test
    void startOfARunningContainerIsAStart() {
        String id = started(spec("start-twice"));

        assertThatCode(() -> runtime.start(id)).doesNotThrowAnyException();
        assertThat(snapshot(id).status()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void pauseAndUnpauseAreIdempotent() {
        String id = started(spec("pause"));

        runtime.pause(id);
        runtime.pause(id);
        assertThat(snapshot(id).status()).isEqualTo(ContainerStatus.PAUSED);
        runtime.unpause(id);
        runtime.unpause(id);

        assertThat(snapshot(id).status()).isEqualTo(ContainerStatus.RUNNING);
        DockerTestSupport.awaitHttp(url(id), Duration.ofSeconds(5));
    }

    @Test
    void pauseOfAStoppedContainerFailsNamingIt() {
        ContainerSpec spec = spec("pause-stopped");
        String id = runtime.create(spec);

        assertThatThrownBy(() -> runtime.pause(id))
                .isInstanceOf(ContainerRuntimeException.class)
                .isNotInstanceOf(EngineUnavailableException.class)
                .hasMessageStartingWith("cannot pause container " + spec.name())
                .hasMessageContaining("is not running");
    }

    @Test
    void removeOfARunningContainerForcesItAndIsIdempotent() {
        String id = started(spec("remove"));

        runtime.remove(id);
        runtime.remove(id);
        runtime.stop(id, GRACE);

        assertThat(runtime.inspect(id)).isEmpty();
    }

    @Test
    void listFindsEveryContainerWithAllTheLabelsInAnyState() {
        String running = started(spec("list-a"));
        String created = runtime.create(spec("list-a"));
        runtime.create(spec("list-b"));

        List<ContainerSnapshot> listed = runtime.list(labels("list-a"));

        assertThat(listed).extracting(ContainerSnapshot::id).containsExactlyInAnyOrder(running, created);
        assertThat(listed).extracting(ContainerSnapshot::status)
                .containsExactlyInAnyOrder(ContainerStatus.RUNNING, ContainerStatus.CREATED);
    }

    @Test
    void eventsOfTheSubscribedLabelsAreDelivered() throws Exception {
        List<ContainerEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = runtime.subscribe(labels("events"), events::add, () -> { })) {
            runtime.create(spec("other"));
            String id = started(spec("events"));
            runtime.pause(id);
            runtime.unpause(id);
            runtime.stop(id, GRACE);
            runtime.remove(id);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events)
                    .extracting(ContainerEvent::action)
                    .containsSubsequence("create", "start", "pause", "unpause", "die", "destroy"));
            assertThat(events).allSatisfy(event -> {
                assertThat(event.id()).isEqualTo(id);
                assertThat(event.labels()).containsAllEntriesOf(labels("events"));
            });
        }
    }

    @Test
    void eventsResumeAfterTheConnectionDropsAndTheCallerIsToldToResync() throws Exception {
        List<String> actions = new CopyOnWriteArrayList<>();
        AtomicInteger reconnects = new AtomicInteger();
        try (EngineProxy proxy = EngineProxy.start();
             DockerContainerRuntime viaProxy = DockerContainerRuntime.forHost(proxy.dockerHost());
             AutoCloseable subscription = viaProxy.subscribe(labels("reconnect"),
                     event -> actions.add(event.action()), reconnects::incrementAndGet)) {
            String id = runtime.create(spec("reconnect"));
            await().atMost(Duration.ofSeconds(5)).until(() -> actions.contains("create"));

            proxy.dropConnections();
            runtime.start(id);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(reconnects).hasValue(1);
                // the start happened while disconnected: replayed from the engine's buffer (since)
                assertThat(actions).containsExactly("create", "start");
            });
        }
    }

    @Test
    void usageArrivesFromAnEngineSampleAndIsPlausible() {
        ContainerSpec spec = new ContainerSpec(TestRun.unique("rt"), image, List.of(), List.of(), Map.of(),
                labels("usage"), TestImages.PORT, MEMORY, 0, Hardening.DEFAULT, List.of(), "127.0.0.1");
        String id = started(spec);

        ResourceUsage usage = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> runtime.usage(id).orElse(null), sample -> sample != null);

        assertThat(usage.memoryBytes()).isPositive().isLessThan(MEMORY);
        assertThat(usage.cpuCores()).isBetween(0.0, (double) Runtime.getRuntime().availableProcessors());
    }

    @Test
    void missingImageIsReportedAsSuchAfterOneBoundedPull() {
        String missing = "mcpfleet-test/does-not-exist:" + TestRun.id();
        ContainerSpec spec = new ContainerSpec(TestRun.unique("rt"), missing, List.of(), List.of(), Map.of(),
                labels("missing-image"), TestImages.PORT, 0, 0, Hardening.DEFAULT, List.of(), "127.0.0.1");

        assertThatThrownBy(() -> runtime.create(spec))
                .isInstanceOfSatisfying(ImageNotFoundException.class, e -> {
                    assertThat(e.image()).isEqualTo(missing);
                    assertThat(e.container()).isEqualTo(spec.name());
                });
    }

    @Test
    void nameAlreadyInUseIsAnErrorThatSaysSo() {
        ContainerSpec spec = spec("duplicate");
        runtime.create(spec);

        assertThatThrownBy(() -> runtime.create(spec))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageStartingWith("cannot create container " + spec.name() + ": ")
                .hasMessageContaining("already in use");
    }

    @Test
    void unknownIdIsAbsentForInspectAndAnErrorForStartAndPause() {
        String unknown = "f00" + TestRun.id();

        assertThat(runtime.inspect(unknown)).isEmpty();
        assertThatCode(() -> runtime.stop(unknown, GRACE)).doesNotThrowAnyException();
        assertThatCode(() -> runtime.remove(unknown)).doesNotThrowAnyException();
        assertThatThrownBy(() -> runtime.start(unknown))
                .isInstanceOf(ContainerRuntimeException.class)
                .isNotInstanceOf(EngineUnavailableException.class)
                .hasMessage("cannot start container " + unknown + ": No such container: " + unknown + " (HTTP 404)");
        assertThatThrownBy(() -> runtime.pause(unknown)).isInstanceOf(ContainerRuntimeException.class);
    }

    @Test
    void unreachableEngineIsReportedAsUnavailable() throws Exception {
        String nowhere = "unix:///nonexistent/" + TestRun.id() + "/docker.sock";
        try (DockerContainerRuntime absent = DockerContainerRuntime.forHost(nowhere)) {

            assertThatThrownBy(absent::ping).isInstanceOf(EngineUnavailableException.class)
                    .hasMessageContaining(nowhere);
            assertThatThrownBy(() -> absent.start("abc")).isInstanceOf(EngineUnavailableException.class)
                    .hasMessageStartingWith("cannot start container abc: the Docker engine is unreachable");
            assertThatThrownBy(() -> absent.list(Map.of())).isInstanceOf(EngineUnavailableException.class);
            assertThatThrownBy(() -> absent.create(spec("absent"))).isInstanceOf(EngineUnavailableException.class);
            assertThatThrownBy(absent::memoryTotal).isInstanceOf(EngineUnavailableException.class)
                    .hasMessageContaining(nowhere);
            assertThat(absent.usage("abc")).isEmpty();
            assertThatCode(() -> absent.subscribe(Map.of(), event -> { }, () -> { }).close())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void reachableEngineAnswersPing() {
        assertThatCode(runtime::ping).doesNotThrowAnyException();
    }

    @Test
    void memoryTotalIsTheEnginesOwnFigure() {
        assertThat(runtime.memoryTotal()).hasValue(docker.infoCmd().exec().getMemTotal());
    }
}
