package io.mcpfleet.manager.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A health monitor the test drives by hand: it records what to probe; the test reports results. */
public final class ManualHealth implements HealthWatch {

    final Map<String, ProbeTarget> watched = new ConcurrentHashMap<>();
    private volatile ProbeSink sink;
    /** When set, every watched instance is reported healthy at once (a server that starts instantly). */
    public volatile boolean autoHealthy;

    @Override
    public void watch(ProbeTarget target) {
        watched.put(target.instanceId(), target);
        if (autoHealthy && target.starting()) {
            report(target.instanceId(), true);
        }
    }

    @Override
    public void unwatch(String instanceId) {
        watched.remove(instanceId);
    }

    @Override
    public void start(ProbeSink sink) {
        this.sink = sink;
    }

    public void report(String instanceId, boolean healthy) {
        ProbeTarget t = watched.get(instanceId);
        if (t != null) {
            sink.result(t.service(), instanceId, healthy, healthy ? 0.001 : null, healthy ? null : "test says no");
        }
    }

    public void reportAll(boolean healthy) {
        watched.keySet().forEach(id -> report(id, healthy));
    }
}
