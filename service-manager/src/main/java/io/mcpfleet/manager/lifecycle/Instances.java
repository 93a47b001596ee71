package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.InstanceState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The instances of one service by container id, in creation order, and the questions asked of them. */
final class Instances {

    private final Map<String, Instance> byId = new LinkedHashMap<>();

    Instance get(String id) {
        return byId.get(id);
    }

    /** Adds an instance or replaces its record (keeping its place). */
    void put(Instance i) {
        byId.put(i.id(), i);
    }

    void remove(String id) {
        byId.remove(id);
    }

    /** A copy, safe to iterate while instances change. */
    List<Instance> all() {
        return List.copyOf(byId.values());
    }

    Stream<Instance> stream() {
        return byId.values().stream();
    }

    /** Instances that count towards the desired replicas. */
    long active() {
        return stream().filter(Instance::active).count();
    }

    boolean anyAsleep() {
        return stream().anyMatch(Instance::asleep);
    }

    boolean anyRoutable() {
        return stream().anyMatch(Instance::routable);
    }

    /** Nothing starts, runs or drains. */
    boolean quiet() {
        return stream().noneMatch(Instances::running);
    }

    static boolean running(Instance i) {
        return i.state() == InstanceState.STARTING || i.state() == InstanceState.RUNNING
                || i.state() == InstanceState.DRAINING;
    }
}
