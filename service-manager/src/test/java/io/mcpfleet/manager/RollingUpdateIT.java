package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.testsupport.ManagerApi;
import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service whose spec changed between two runs of the manager is replaced instance by instance
 * (docs/operations.md, "What survives restarts"): a new instance is healthy before an old one is
 * drained and removed, so the service is never without a routable instance. Watched through the
 * manager's event stream, which carries the routable instances after every change.
 */
@ExtendWith(RemoveThisRunsContainers.class)
class RollingUpdateIT {

    private static final String SERVICE = "roll";
    /**
     * The first spec, and the second: another environment value, and a start delay so that the new
     * instances become healthy seconds after the restarted manager's event stream is followed.
     */
    private static final String SPEC = """
            services:
              roll:
                image: %s
                port: 8000
                environment: %s
                health: {type: http, path: /, interval: 1s, startup_interval: 100ms}
                sleep_policy: {enabled: false}
            """;
    private static final String FIRST = "{RELEASE: \"1\"}";
    private static final String SECOND = "{RELEASE: \"2\", START_DELAY: \"3\"}";

    private final List<ManagerUnderTest> managers = new ArrayList<>();

    @BeforeAll
    static void images() {
        TestImages.busybox();
    }

    @AfterEach
    void close() {
        ManagerUnderTest.closeAll(managers);
    }

    @Test
    void aChangedSpecReplacesInstancesOneByOneWithoutAMomentWithoutARoutableInstance() {
        ManagerUnderTest first = manager(null, FIRST);
        assertThat(first.post("/services/roll/start").statusCode()).isEqualTo(200);
        assertThat(first.post("/services/roll/scale?replicas=2").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> routableIds(first).size() == 2);
        Set<String> old = Set.copyOf(routableIds(first));
        String oldHash = specHashes(first).iterator().next();
        first.stopKeepingContainers();

        ManagerUnderTest second = manager(first.fleet, SECOND);
        List<FleetEvent> seen;
        try (ManagerApi.EventFeed events = second.api().followEvents()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> replaced(second, old));
            seen = events.of(SERVICE);
        }

        Set<String> fresh = Set.copyOf(routableIds(second));
        assertThat(fresh).hasSize(2).doesNotContainAnyElementsOf(old);
        assertThat(specHashes(second)).as("io.mcpfleet.spec-hash of the containers now").hasSize(1)
                .doesNotContain(oldHash);
        for (Container c : second.containers(SERVICE)) {
            assertThat(second.docker.inspectContainerCmd(c.getId()).exec().getConfig().getEnv()).contains("RELEASE=2");
        }
        int oldRoutable = indexOf(seen, e -> routable(e).containsAll(old));
        assertThat(oldRoutable).as("the old instances routable again after the restart, before any new one: %s",
                seen).isGreaterThanOrEqualTo(0).isLessThan(indexOf(seen, e -> healthy(e, fresh)));
        assertThat(seen.subList(oldRoutable, seen.size())).as("every change from then on leaves a routable instance")
                .allSatisfy(e -> assertThat(routable(e)).as("%s", e).isNotEmpty());
        int drained = 0;
        for (int i = 0; i < seen.size(); i++) {
            FleetEvent e = seen.get(i);
            if (e.type().equals(FleetEventType.INSTANCE_DRAINING) && old.contains(e.instanceId())) {
                drained++;
                // Healthy by its event, or routable in one: on a loaded machine the feed may begin
                // with a snapshot taken after the first new instance became healthy.
                Set<String> healthyBefore = new HashSet<>();
                for (FleetEvent b : seen.subList(0, i)) {
                    if (healthy(b, fresh)) {
                        healthyBefore.add(b.instanceId());
                    }
                    routable(b).stream().filter(fresh::contains).forEach(healthyBefore::add);
                }
                assertThat(healthyBefore).as("new instances healthy before old instance %d was drained: %s", drained,
                        seen).hasSizeGreaterThanOrEqualTo(drained);
            }
        }
        assertThat(drained).as("old instances drained").isEqualTo(2);
        assertThat(seen).filteredOn(e -> e.type().equals(FleetEventType.INSTANCE_REMOVED))
                .extracting(FleetEvent::instanceId).containsAll(old);
    }

    // ---- helpers ----

    private ManagerUnderTest manager(String fleet, String environment) {
        String yaml = SPEC.formatted(TestImages.busybox(), environment);
        ManagerUnderTest m = fleet == null ? new ManagerUnderTest(yaml, Map.of())
                : new ManagerUnderTest(fleet, yaml, Map.of());
        managers.add(m);
        return m;
    }

    /** Whether only new containers are left, all running, and both routable. */
    private static boolean replaced(ManagerUnderTest m, Set<String> old) {
        List<Container> now = m.containers(SERVICE);
        return now.size() == 2 && now.stream().noneMatch(c -> old.contains(c.getId()))
                && now.stream().allMatch(c -> "running".equals(c.getState())) && routableIds(m).size() == 2;
    }

    private static List<String> routableIds(ManagerUnderTest m) {
        return m.api().routableIds(SERVICE);
    }

    private static Set<String> specHashes(ManagerUnderTest m) {
        Set<String> hashes = new HashSet<>();
        m.containers(SERVICE).forEach(c -> hashes.add(c.getLabels().get("io.mcpfleet.spec-hash")));
        return hashes;
    }

    private static Set<String> routable(FleetEvent e) {
        Set<String> ids = new HashSet<>();
        if (e.instances() != null) {
            e.instances().stream().map(RoutableInstance::id).forEach(ids::add);
        }
        return ids;
    }

    private static boolean healthy(FleetEvent e, Set<String> ids) {
        return e.type().equals(FleetEventType.INSTANCE_HEALTHY) && ids.contains(e.instanceId());
    }

    private static int indexOf(List<FleetEvent> list, java.util.function.Predicate<FleetEvent> p) {
        for (int i = 0; i < list.size(); i++) {
            if (p.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
