package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.ContainerSpec;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.JarProcess;
import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole manager on {@code fleet.runtime: swarm}, against the engine's real single-node swarm
 * ({@code .ci/run} initialises it): instances are Swarm services carrying the fleet's labels.
 */
@ExtendWith(RemoveThisRunsContainers.class)
class SwarmRuntimeIT {

    private static final Duration SOON = Duration.ofSeconds(60);
    private static final Map<String, String> SWARM = Map.of("fleet.runtime", "swarm");
    private static final DockerClient DOCKER = DockerTestSupport.client();
    private final List<ManagerUnderTest> managers = new ArrayList<>();
    private final List<String> fleets = new ArrayList<>();
    private final List<String> foreign = new ArrayList<>();

    @BeforeAll
    static void images() {
        TestImages.busybox();
    }

    @AfterEach
    void close() {
        try {
            ManagerUnderTest.closeAll(managers);
        } finally {
            fleets.forEach(f -> DOCKER.listServicesCmd().withLabelFilter(Map.of(TestLabels.FLEET, f)).exec()
                    .forEach(s -> DOCKER.removeServiceCmd(s.getId()).exec()));
            foreign.forEach(id -> DOCKER.removeServiceCmd(id).exec());
        }
    }

    @Test
    void aServiceStartsAsALabelledSwarmServiceWithLimitsAndReservations() {
        ManagerUnderTest m = manager(service("echo", "enabled: false"));

        String id = startedInstance(m, "echo");

        Service service = DOCKER.inspectServiceCmd(id).exec();
        assertThat(service.getSpec().getLabels()).containsEntry("io.mcpfleet.managed", "true")
                .containsEntry(TestLabels.FLEET, m.fleet).containsEntry("io.mcpfleet.service", "echo");
        TaskSpec task = service.getSpec().getTaskTemplate();
        assertThat(task.getResources().getLimits().getMemoryBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(task.getResources().getReservations().getMemoryBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(service.getSpec().getUpdateConfig().getOrder().name()).isEqualTo("START_FIRST");
        assertThat(service.getSpec().getMode().getReplicated().getReplicas()).isEqualTo(1);
        assertThat(m.api().instances("echo").instances()).singleElement()
                .satisfies(i -> assertThat(i.endpoint()).startsWith("http://127.0.0.1:"));
    }

    @Test
    void scaleOneToThreeToOneAddsAndDrainsInstanceServices() {
        ManagerUnderTest m = manager(service("echo", "enabled: false"));
        String first = startedInstance(m, "echo");

        assertThat(m.api().scale("echo", 3).replicas()).isEqualTo(3);
        await().atMost(SOON).until(() -> m.api().routableIds("echo").size() == 3);
        assertThat(services(m, "echo")).hasSize(3);

        m.api().scale("echo", 1);
        await().atMost(SOON).until(() -> services(m, "echo").size() == 1);

        assertThat(m.api().routableIds("echo")).hasSize(1);
        assertThat(services(m, "echo").get(0).getId()).isIn(first, m.api().routableIds("echo").get(0));
    }

    @Test
    void aKilledTaskIsReplacedByTheManager() {
        ManagerUnderTest m = manager(service("echo", "enabled: false"));
        String id = startedInstance(m, "echo");
        Container task = taskContainer(id);

        DOCKER.killContainerCmd(task.getId()).exec();

        await().atMost(SOON).until(() -> {
            List<String> routable = m.api().routableIds("echo");
            return routable.size() == 1 && !routable.get(0).equals(id);
        });
        assertThat(services(m, "echo")).hasSize(1);
    }

    @Test
    void anIdleServiceSleepsToZeroReplicasAndAStartWakesTheSameService() {
        ManagerUnderTest m = manager(service("echo", "idle_timeout: 1s, mode: stop"));
        String id = startedInstance(m, "echo");

        await().atMost(SOON).until(() -> m.state("echo").equals("sleeping"));

        assertThat(DOCKER.inspectServiceCmd(id).exec().getSpec().getMode().getReplicated().getReplicas()).isZero();
        assertThat(startedInstance(m, "echo")).isEqualTo(id);
        assertThat(services(m, "echo")).hasSize(1);
    }

    @Test
    void aRestartedManagerAdoptsItsRunningServicesWithoutRecreatingThem() {
        String fleet = TestRun.fleetName();
        ManagerUnderTest first = manager(fleet, service("echo", "enabled: false"));
        String id = startedInstance(first, "echo");
        first.stopKeepingContainers();

        ManagerUnderTest second = manager(fleet, service("echo", "enabled: false"));

        await().atMost(SOON).until(() -> second.api().routableIds("echo").equals(List.of(id)));
        assertThat(services(second, "echo")).extracting(Service::getId).containsExactly(id);
    }

    @Test
    void aSpecChangeRollsToANewInstanceServiceAndRemovesTheOld() {
        String fleet = TestRun.fleetName();
        ManagerUnderTest first = manager(fleet, service("echo", "enabled: false"));
        String old = startedInstance(first, "echo");
        first.stopKeepingContainers();

        ManagerUnderTest second = manager(fleet, service("echo", "enabled: false")
                .replace("resources: {memory: 64MB}", "resources: {memory: 80MB}"));

        await().atMost(SOON).until(() -> services(second, "echo").size() == 1
                && !services(second, "echo").get(0).getId().equals(old));
        await().atMost(SOON).until(() -> second.api().routableIds("echo").size() == 1);
    }

    @Test
    void aForeignServiceIsLeftAlone() {
        String other = DOCKER.createServiceCmd(new ServiceSpec().withName(TestRun.unique("foreign"))
                .withLabels(Map.of(TestLabels.TEST, TestRun.id(), "io.mcpfleet.service", "echo"))
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(TestImages.busybox())))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(0))))
                .exec().getId();
        foreign.add(other);
        ManagerUnderTest m = manager(service("echo", "enabled: false"));

        startedInstance(m, "echo");
        m.api().scale("echo", 1);

        assertThat(DOCKER.inspectServiceCmd(other).exec().getSpec().getMode().getReplicated().getReplicas()).isZero();
        assertThat(services(m, "echo")).extracting(Service::getId).doesNotContain(other);
    }

    @Test
    void aStdioServiceRunsOnTheManagersNodeWithItsConstraintsAndAnswersThroughTheBridge() {
        ManagerUnderTest m = manager(TestRun.fleetName(), """
                services:
                  pipe:
                    image: %s
                    transport: stdio
                    hardening: {no_new_privileges: false}
                    sleep_policy: {enabled: false}
                    placement: {constraints: [node.role==manager]}
                """.formatted(TestImages.stdioEcho()), Map.of("server.port", Integer.toString(JarProcess.freePort())));

        String id = startedInstance(m, "pipe");

        String node = DOCKER.infoCmd().exec().getSwarm().getNodeID();
        TaskSpec task = DOCKER.inspectServiceCmd(id).exec().getSpec().getTaskTemplate();
        assertThat(task.getPlacement().getConstraints()).containsExactly("node.role==manager", "node.id==" + node);
        assertThat(task.getContainerSpec().getOpenStdin()).isTrue();
        String path = "/bridge/pipe/" + id + "/mcp";
        HttpResponse<String> init = bridgePost(m, path, INITIALIZE, null);
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> called = bridgePost(m, path, CALL, session);
        assertThat(called.body()).contains("\"text\":\"over swarm\"");
    }

    @Test
    void pauseModeOnSwarmFailsStartUpNamingTheKey() {
        String yaml = service("echo", "idle_timeout: 1s, mode: pause");

        assertThatThrownBy(() -> manager(yaml)).hasStackTraceContaining("services.echo.sleep_policy.mode")
                .hasStackTraceContaining("pause is not available on fleet.runtime swarm");
    }

    @Test
    void aNetworkThatIsNotAnAttachableOverlayFailsStartUpNamingTheKey() {
        String bridge = TestRun.unique("plain-net");
        DOCKER.createNetworkCmd().withName(bridge).withLabels(Map.of(TestLabels.TEST, TestRun.id())).exec();
        try {
            assertThatThrownBy(() -> manager(TestRun.fleetName(), service("echo", "enabled: false"),
                    Map.of("fleet.docker-network", bridge)))
                    .hasStackTraceContaining("fleet.docker-network: network " + bridge + " is a bridge network");
        } finally {
            DOCKER.removeNetworkCmd(bridge).exec();
        }
    }

    // ---- helpers ----

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"echo\",\"arguments\":{\"text\":\"over swarm\"}}}";

    /** A JSON-RPC message to the manager's bridge, in the session when one is given. */
    private static HttpResponse<String> bridgePost(ManagerUnderTest m, String path, String body, String session) {
        java.net.http.HttpRequest.Builder b = m.request(path).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return ManagerUnderTest.send(b.build());
    }

    private ManagerUnderTest manager(String yaml) {
        return manager(TestRun.fleetName(), yaml);
    }

    private ManagerUnderTest manager(String fleet, String yaml) {
        return manager(fleet, yaml, Map.of());
    }

    private ManagerUnderTest manager(String fleet, String yaml, Map<String, String> properties) {
        fleets.add(fleet);
        Map<String, String> all = new java.util.HashMap<>(SWARM);
        all.putAll(properties);
        ManagerUnderTest m = new ManagerUnderTest(fleet, yaml, all);
        managers.add(m);
        return m;
    }

    /** A busybox service (an HTTP probe on /) with a 64 MB limit; Swarm takes no no-new-privileges here. */
    private static String service(String name, String sleepPolicy) {
        return """
                services:
                  %s:
                    image: %s
                    port: 8000
                    resources: {memory: 64MB}
                    hardening: {no_new_privileges: false}
                    health: {type: http, path: /, interval: 1s, startup_interval: 100ms}
                    sleep_policy: {%s, drain_timeout: 20s}
                """.formatted(name, TestImages.busybox(), sleepPolicy);
    }

    /** {@code POST /services/{name}/start} (waits for health); the instance (service id) it answers with. */
    private static String startedInstance(ManagerUnderTest m, String service) {
        HttpResponse<String> started = m.post("/services/" + service + "/start");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return started.body().replaceAll(".*\"container_id\":\"([0-9a-z]+)\".*", "$1");
    }

    private static List<Service> services(ManagerUnderTest m, String service) {
        return DOCKER.listServicesCmd().withLabelFilter(Map.of(TestLabels.FLEET, m.fleet, "io.mcpfleet.service",
                service)).exec();
    }

    private static Container taskContainer(String serviceId) {
        return DOCKER.listContainersCmd().withLabelFilter(Map.of("com.docker.swarm.service.id", serviceId)).exec()
                .get(0);
    }
}
