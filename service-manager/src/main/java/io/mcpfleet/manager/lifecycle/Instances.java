package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.InstanceState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The instances of one service by container id, in creation order, and the questions asked of them. */
final class Instances {

    private final Map<String, Instance> byId = new LinkedHashMap<>();
    /** What the last failed probe of an instance saw, until one passes: why a start times out. */
    private final Map<String, String> probeFailures = new HashMap<>();

    Instance get(String id) {
        return byId.get(id);
    }

    /** Adds an instance or replaces its record (keeping its place). */
    void put(Instance i) {
        byId.put(i.id(), i);
    }

    void remove(String id) {
        byId.remove(id);
        probeFailures.remove(id);
    }

    /** Records what a failed probe saw ({@code null} once a probe passes). */
    void probed(String id, String failure) {
        if (failure == null) {
            probeFailures.remove(id);
        } else if (byId.containsKey(id)) {
            probeFailures.put(id, failure);
        }
    }

    /** What the last probe of the instance saw, if it failed; else {@code null}. */
    String probeFailure(String id) {
        return probeFailures.get(id);
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
