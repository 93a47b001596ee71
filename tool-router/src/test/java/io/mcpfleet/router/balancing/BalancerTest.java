package io.mcpfleet.router.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.config.Balancing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancerTest {

    record Node(String id, InstanceLoad load) implements Balanced {
        Node(String id) {
            this(id, new InstanceLoad());
        }
    }

    @Test
    void leastConnectionsPicksTheIdleInstance() {
        Node busy = new Node("busy");
        Node idle = new Node("idle");
        busy.load().started();

        List<String> picks = new ArrayList<>();
        Balancer balancer = Balancer.of(Balancing.LEAST_CONNECTIONS);
        for (int i = 0; i < 4; i++) {
            picks.add(balancer.pick(List.of(busy, idle)).id());
        }

        assertThat(picks).containsOnly("idle");
    }

    @Test
    void leastConnectionsSharesEqualInstances() {
        Balancer balancer = Balancer.of(Balancing.LEAST_CONNECTIONS);
        List<Node> nodes = List.of(new Node("a"), new Node("b"));

        assertThat(List.of(balancer.pick(nodes).id(), balancer.pick(nodes).id())).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void roundRobinTakesEachInTurn() {
        Balancer balancer = Balancer.of(Balancing.ROUND_ROBIN);
        List<Node> nodes = List.of(new Node("a"), new Node("b"), new Node("c"));

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(balancer.pick(nodes).id());
        }

        assertThat(picks).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void weightedPrefersTheFasterInstance() {
        Node fast = new Node("fast");
        Node slow = new Node("slow");
        fast.load().record(1_000_000);
        slow.load().record(10_000_000);
        Balancer balancer = Balancer.of(Balancing.WEIGHTED);

        int fastPicks = 0;
        for (int i = 0; i < 2000; i++) {
            if (balancer.pick(List.of(fast, slow)) == fast) {
                fastPicks++;
            }
        }

        assertThat(fastPicks).isBetween(1650, 1950);
    }
}
