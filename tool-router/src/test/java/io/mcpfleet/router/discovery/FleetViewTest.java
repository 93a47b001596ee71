package io.mcpfleet.router.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.api.ServiceSummary;
import io.mcpfleet.api.SleepView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetViewTest {

    private final FleetView view = new FleetView();

    @Test
    void aBridgedInstanceIsMarkedSoThatTheRouterSendsItTheApiToken() {
        view.applyInstances("memory", ServiceState.RUNNING, List.of(
                new RoutableInstance("c1", "http://localhost:9000/bridge/memory/c1", true),
                new RoutableInstance("c2", "http://127.0.0.1:49153")));

        List<InstanceRef> instances = view.service("memory").instances();

        assertThat(instances).extracting(InstanceRef::bridge).containsExactly(true, false);
        assertThat(instances.get(0).mcpUrl()).hasToString("http://localhost:9000/bridge/memory/c1/mcp");
    }

    @Test
    void listenersHearOfEveryServiceOnceTheFleetIsFirstSynced() {
        List<String> heardWhileSynced = new ArrayList<>();
        view.addListener((before, after) -> {
            if (view.synced()) {
                heardWhileSynced.add(after.name());
            }
        });
        // The manager's event stream opens with a snapshot per service, and may beat the first
        // GET /services: the view then exists, unchanged by the summary, before the fleet is synced.
        view.apply(snapshot("never-run"));

        view.applySummaries(List.of(summary("never-run")));

        assertThat(heardWhileSynced).containsExactly("never-run");
    }

    @Test
    void aServiceAnEventAnnouncesDuringTheFirstSyncIsJudgedByItsSummary() {
        List<String> heardWithoutDeclaredTools = new ArrayList<>();
        view.addListener((before, after) -> {
            if (view.synced() && after.routing().declaredTools().isEmpty()) {
                heardWithoutDeclaredTools.add(after.name());
            }
        });
        // The event thread's snapshot of "declared" lands while the summaries are being applied:
        // that view has default routing, so it knows nothing of the declared tools yet.
        view.addListener((before, after) -> {
            if (after.name().equals("plain") && view.service("declared") == null) {
                view.apply(snapshot("declared"));
            }
        });

        view.applySummaries(List.of(summary("plain"), summary("declared", Map.of("name", "search"))));

        assertThat(heardWithoutDeclaredTools).containsExactly("plain");
    }

    @Test
    void laterSummariesThatChangeNothingAreNotAnnounced() {
        view.applySummaries(List.of(summary("quiet")));
        List<String> heard = new ArrayList<>();
        view.addListener((before, after) -> heard.add(after.name()));

        view.applySummaries(List.of(summary("quiet")));

        assertThat(heard).isEmpty();
    }

    @Test
    void aResyncAnswerReadBeforeAnEventDoesNotUndoTheEvent() {
        view.applySummaries(List.of(summary("busy")));
        view.apply(instances("busy", ServiceState.DEGRADED, "a"));
        long mark = view.eventMark();
        // The resync's GET /services and /instances answer with one instance; meanwhile the event
        // stream says a second one became healthy, and is applied before the resync's answer.
        view.apply(instances("busy", ServiceState.RUNNING, "a", "b"));

        view.applySummaries(List.of(summary("busy")), mark);
        view.applyInstances("busy", ServiceState.DEGRADED, List.of(routable("a")), mark);

        assertThat(view.service("busy").instances()).extracting(InstanceRef::id).containsExactly("a", "b");
        assertThat(view.service("busy").state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void aResyncAnswerReplacesWhatEventsSaidBeforeIt() {
        view.applySummaries(List.of(summary("busy")));
        view.apply(instances("busy", ServiceState.RUNNING, "a", "b"));
        long mark = view.eventMark();

        view.applyInstances("busy", ServiceState.DEGRADED, List.of(routable("a")), mark);

        assertThat(view.service("busy").instances()).extracting(InstanceRef::id).containsExactly("a");
    }

    private static FleetEvent instances(String service, ServiceState state, String... ids) {
        return new FleetEvent(1, Instant.now(), "instance_healthy", service, state, null, null, null,
                Arrays.stream(ids).map(FleetViewTest::routable).toList());
    }

    private static RoutableInstance routable(String id) {
        return new RoutableInstance(id, "http://127.0.0.1:1/" + id);
    }

    private static FleetEvent snapshot(String service) {
        return new FleetEvent(1, Instant.now(), "snapshot", service, ServiceState.STOPPED, null, null, null, List.of());
    }

    @SafeVarargs
    private static ServiceSummary summary(String service, Map<String, Object>... declaredTools) {
        return new ServiceSummary(service, ServiceState.STOPPED, 0, 0, 0,
                new SleepView(true, "stop", 300_000, "normal", false),
                new RoutingView("/mcp", "stateful", "least_connections", 120_000, "auto", 3, 256, 60_000,
                        List.of(declaredTools)));
    }
}
