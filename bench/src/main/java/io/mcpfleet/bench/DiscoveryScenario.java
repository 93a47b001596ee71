package io.mcpfleet.bench;

import io.mcpfleet.api.FleetEventType;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.testsupport.ManagerApi;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Discovery: how long after the manager's {@code instance_healthy} event (its own timestamp) the
 * router sends a call to the new instance. A client calls {@code whoami} through the router back
 * to back on a stateless, round-robin service while it is scaled from 1 to 2; the first answer
 * from the new container marks the moment.
 */
final class DiscoveryScenario {

    private static final String AREA = "discovery";

    private final ScenarioFleet fleet;
    private final Table table;

    DiscoveryScenario(ScenarioFleet fleet, Table table) {
        this.fleet = fleet;
        this.table = table;
    }

    void run() throws Exception {
        ManagerApi api = fleet.api;
        api.start("disco");
        List<Double> lags = new ArrayList<>();
        List<Double> delivery = new ArrayList<>();
        int rounds = fleet.setup.smoke() ? 1 : 5;
        try (ManagerApi.EventFeed events = api.followEvents(); Mcp client = fleet.session()) {
            for (int round = 0; round < rounds; round++) {
                Set<String> known = Set.copyOf(ids(api));
                int seenEvents = events.seen().size();
                api.scale("disco", 2);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String fresh = null;
                Instant hit = null;
                while (fresh == null && System.nanoTime() < deadline) {
                    Instant sent = Instant.now();
                    String id = client.call("disco__whoami", "{}");
                    if (known.stream().noneMatch(k -> k.startsWith(id))) {
                        fresh = id;
                        hit = sent;
                    }
                }
                if (fresh == null) {
                    throw new IllegalStateException("the router never routed to the new instance of disco");
                }
                String prefix = fresh;
                List<ManagerApi.EventFeed.Seen> seen = List.copyOf(events.seen());
                ManagerApi.EventFeed.Seen healthy = seen.subList(seenEvents, seen.size()).stream()
                        .filter(e -> FleetEventType.INSTANCE_HEALTHY.equals(e.event().type()) && e.event().instances() != null
                                && e.event().instances().stream().map(RoutableInstance::id).anyMatch(i -> i.startsWith(prefix)))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no instance_healthy event for " + prefix));
                lags.add(Duration.between(healthy.event().time(), hit).toNanos() / 1e6);
                delivery.add(Duration.between(healthy.event().time(), healthy.received()).toNanos() / 1e6);
                api.scale("disco", 1);
                api.await("disco", s -> s.runningReplicas() == 1 && s.healthyReplicas() == 1, Duration.ofSeconds(60),
                        "back to one instance");
            }
        } finally {
            fleet.stop("disco");
        }
        Stats s = Stats.of(lags);
        table.add(new Row(AREA, "instance healthy (manager event time) to first call routed to it, median of "
                + s.count(), Fmt.ms(s.median()) + " (max " + Fmt.ms(s.max()) + ")", "", "", "<= 100 ms",
                Fmt.verdict(s.median() <= 100)));
        table.add(Row.info(AREA, "of which the event's trip to a subscriber (median)", Fmt.ms(Stats.of(delivery).median())));
    }

    private static List<String> ids(ManagerApi api) {
        return api.status("disco").instances().stream().map(i -> i.id()).toList();
    }
}
