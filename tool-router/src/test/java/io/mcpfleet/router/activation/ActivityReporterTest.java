package io.mcpfleet.router.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.api.ServiceActivity;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.api.ServiceSummary;
import io.mcpfleet.api.SleepView;
import io.mcpfleet.router.balancing.InstanceLoad;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.InMemoryFleetDirectory;
import io.mcpfleet.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ActivityReporterTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final ActivityTracker tracker = new ActivityTracker(clock);
    private final FleetView fleet = new FleetView();
    private final InMemoryFleetDirectory directory = new InMemoryFleetDirectory();
    private ActivityReporter reporter;

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.stop();
        }
    }

    @Test
    void reportsEveryIntervalBusyOrNot() {
        reporter = reporter("20ms");

        reporter.start();

        await().until(() -> directory.reports().size() >= 3);
        assertThat(directory.reports()).allSatisfy(r -> {
            assertThat(r.routerId()).isEqualTo("router-a");
            assertThat(r.services()).isEmpty();
        });
    }

    @Test
    void namesABusyServiceThenItsZeroOnceThenNothing() {
        reporter = reporter("1h");
        ActivityTracker.Counters a = tracker.of("a");

        a.callStarted();
        ActivityReport busy = reporter.next();
        a.callEnded();
        ActivityReport zero = reporter.next();
        ActivityReport quiet = reporter.next();

        assertThat(busy.services().get("a").inFlight()).isEqualTo(1);
        assertThat(zero.services().get("a").inFlight()).isZero();
        assertThat(zero.services().get("a").msSinceLastCall()).isNotNull();
        assertThat(quiet.services()).doesNotContainKey("a");
    }

    @Test
    void aCallThatStartedAndEndedBetweenTwoReportsIsNamedOnce() {
        reporter = reporter("1h");
        ActivityTracker.Counters a = tracker.of("a");
        reporter.next();

        a.callStarted();
        a.callEnded();
        clock.advance(Duration.ofMillis(40));
        ActivityReport next = reporter.next();
        ActivityReport after = reporter.next();

        assertThat(next.services().get("a")).isEqualTo(new ServiceActivity(0, 0, 0, 40L, Map.of()));
        assertThat(after.services()).doesNotContainKey("a");
    }

    @Test
    void anInstanceThatLeftTheFleetIsReportedUntilItsCallsEnd() {
        reporter = reporter("1h");
        ActivityTracker.Counters a = tracker.of("a");
        InstanceLoad load = a.instance("c1");
        a.callStarted();
        load.started();

        a.forgetInstance("c1");
        ActivityReport during = reporter.next();
        load.ended();
        a.callEnded();
        ActivityReport after = reporter.next();

        assertThat(during.services().get("a").instances()).containsEntry("c1", 1);
        assertThat(after.services().get("a").instances()).isEmpty();
        assertThat(a.instance("c1")).isNotSameAs(load);
    }

    @Test
    void aBindingKeepsItsServiceAwakeOnlyWhileItsSessionIsInUse() {
        reporter = reporter("1h");
        fleet.applySummaries(List.of(summary("a", 60_000)));
        SessionUse use = new SessionUse(clock.millis());
        tracker.of("a").sessionBound("binding-1", use);

        ActivityReport fresh = reporter.next();
        clock.advance(Duration.ofSeconds(61));
        ActivityReport stale = reporter.next();
        use.began(clock.millis());
        clock.advance(Duration.ofMinutes(10));
        ActivityReport longCall = reporter.next();
        use.streamOpen(true);
        use.ended(clock.millis());
        ActivityReport withStream = reporter.next();

        assertThat(fresh.services().get("a").sessions()).isEqualTo(1);
        assertThat(stale.services().get("a").sessions()).isZero();
        assertThat(longCall.services().get("a").sessions()).isEqualTo(1);
        assertThat(withStream.services().get("a").streams()).isEqualTo(1);
    }

    @Test
    void anInstanceLeavingTheFleetSendsAReportAtOnceAndAFollowUp() {
        reporter = reporter("1h");
        fleet.applySummaries(List.of(summary("a", 60_000)));
        fleet.apply(event(7, List.of(new RoutableInstance("c1", "http://127.0.0.1:1"))));
        reporter.start();
        await().until(() -> directory.reports().size() == 1);

        fleet.apply(event(8, List.of()));

        await().until(() -> directory.reports().size() >= 3);
        assertThat(directory.reports().get(1).eventsSeen()).isEqualTo(8L);
    }

    @Test
    void withoutAConfiguredIdTheRouterIsNamedByHostAndProcess() {
        assertThat(RouterIds.of("")).endsWith("-" + ProcessHandle.current().pid());
        assertThat(RouterIds.of(" r1 ")).isEqualTo("r1");
    }

    private ActivityReporter reporter(String interval) {
        RouterProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "fleet.router-id", "router-a",
                "fleet.activity.report-interval", interval,
                "fleet.activity.drain-follow-up", "50ms"))).bind("fleet", RouterProperties.class).get();
        return new ActivityReporter(tracker, fleet, directory, properties);
    }

    private static ServiceSummary summary(String name, long idleMs) {
        return new ServiceSummary(name, ServiceState.RUNNING, 1, 1, 1,
                new SleepView(true, "stop", idleMs, "normal", false),
                new RoutingView("/mcp", "stateful", "least_connections", 30_000, "auto", 3, 10, 10_000, List.of()));
    }

    private static FleetEvent event(long seq, List<RoutableInstance> instances) {
        return new FleetEvent(seq, Instant.now(), instances.isEmpty() ? FleetEventType.INSTANCE_DRAINING
                : FleetEventType.INSTANCE_HEALTHY, "a", instances.isEmpty() ? ServiceState.DRAINING
                : ServiceState.RUNNING, "c1", "test", null, instances);
    }
}
