package io.mcpfleet.manager.api;

import io.mcpfleet.api.HealthReport;
import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.api.InstanceHealth;
import io.mcpfleet.api.InstanceState;
import io.mcpfleet.api.InstanceView;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.api.ServiceInstances;
import io.mcpfleet.api.ServiceStatus;
import io.mcpfleet.api.ServiceSummary;
import io.mcpfleet.api.SleepStatus;
import io.mcpfleet.api.SleepView;
import io.mcpfleet.config.Routing;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.SleepPolicy;
import io.mcpfleet.config.ToolSpec;
import io.mcpfleet.manager.activity.ActivityLedger;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import io.mcpfleet.manager.lifecycle.Transition;
import io.mcpfleet.manager.sleep.SleepPolicyEnforcer;
import io.mcpfleet.manager.sleep.SleepVerdict;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Maps lifecycle snapshots onto the API's JSON types. */
@Component
class Views {

    private final ContainerRuntime runtime;
    private final SleepPolicyEnforcer sleepPolicy;
    private final ActivityLedger ledger;

    Views(ContainerRuntime runtime, SleepPolicyEnforcer sleepPolicy, ActivityLedger ledger) {
        this.runtime = runtime;
        this.sleepPolicy = sleepPolicy;
        this.ledger = ledger;
    }

    ServiceSummary summary(ServiceSnapshot s) {
        return new ServiceSummary(s.name(), s.state(), s.desired(), (int) s.running(), (int) s.healthy(), sleep(s),
                routing(s.spec()));
    }

    ServiceStatus status(ServiceSnapshot s) {
        String sleepMode = s.asleep() ? s.spec().sleepPolicy().mode().yamlName() : null;
        return new ServiceStatus(s.name(), s.state(), s.desired(), sleepMode, s.message(),
                s.instances().stream().map(this::instance).toList(), sleepStatus(s));
    }

    private SleepStatus sleepStatus(ServiceSnapshot s) {
        SleepVerdict verdict = sleepPolicy.verdict(s);
        Optional<ActivityLedger.Activity> activity = ledger.of(s.name());
        return new SleepStatus(verdict.why(), millis(verdict.idleFor()), millis(verdict.sleepsIn()),
                activity.map(ActivityLedger.Activity::inFlight).orElse(null),
                activity.map(ActivityLedger.Activity::streams).orElse(null),
                activity.map(ActivityLedger.Activity::sessions).orElse(null),
                s.awakeSince(), transition(s.lastSleep()), transition(s.lastWake()));
    }

    private static SleepStatus.TransitionView transition(Transition t) {
        return t == null ? null : new SleepStatus.TransitionView(t.reason(), t.mode(), t.requested(),
                t.took().toMillis());
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    ServiceInstances instances(ServiceSnapshot s) {
        return new ServiceInstances(s.name(), s.state(),
                s.routable().stream().map(i -> new RoutableInstance(i.id(), i.endpoint(), s.spec().stdioTransport()))
                        .toList());
    }

    HealthReport health(ServiceSnapshot s) {
        List<InstanceHealth> instances = s.instances().stream()
                .filter(i -> i.state() == InstanceState.STARTING || i.state() == InstanceState.RUNNING
                        || i.state() == InstanceState.DRAINING)
                .map(i -> new InstanceHealth(i.id(), i.health() == HealthStatus.HEALTHY ? "healthy" : "unhealthy",
                        i.lastProbeSeconds()))
                .toList();
        return new HealthReport(s.name(), instances);
    }

    private InstanceView instance(Instance i) {
        boolean running = i.state() == InstanceState.STARTING || i.state() == InstanceState.RUNNING
                || i.state() == InstanceState.DRAINING;
        Optional<ResourceUsage> usage = running ? runtime.usage(i.id()) : Optional.empty();
        return new InstanceView(i.id(), i.name(), i.state(), i.health(), running ? i.endpoint() : null, i.started(),
                usage.map(ResourceUsage::cpuCores).orElse(null), usage.map(ResourceUsage::memoryBytes).orElse(null));
    }

    private static SleepView sleep(ServiceSnapshot s) {
        SleepPolicy p = s.spec().sleepPolicy();
        return new SleepView(p.enabled(), p.mode().yamlName(), p.idleTimeout().toMillis(), p.priority().yamlName(),
                s.asleep());
    }

    static RoutingView routing(ServiceSpec spec) {
        Routing r = spec.routing();
        return new RoutingView(spec.mcp().path(), spec.mcp().sessions().yamlName(), r.balancing().yamlName(),
                r.callTimeout().toMillis(), r.retry().yamlName(), r.maxAttempts(), r.queueLimit(),
                r.wakeTimeout().toMillis(), spec.tools().stream().map(Views::tool).toList());
    }

    /** A declared tool as an MCP {@code Tool} object (camelCase keys, as MCP spells them). */
    private static Map<String, Object> tool(ToolSpec t) {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", t.name());
        if (t.title() != null) {
            tool.put("title", t.title());
        }
        if (t.description() != null) {
            tool.put("description", t.description());
        }
        tool.put("inputSchema", t.inputSchema());
        if (!t.outputSchema().isEmpty()) {
            tool.put("outputSchema", t.outputSchema());
        }
        if (!t.annotations().isEmpty()) {
            tool.put("annotations", t.annotations());
        }
        return tool;
    }
}
