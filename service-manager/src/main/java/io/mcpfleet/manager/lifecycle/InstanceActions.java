package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.HealthStatus;
import io.mcpfleet.api.InstanceState;
import io.mcpfleet.config.ServiceSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The container operations of the lifecycle, each returning the instance as it is afterwards. */
final class InstanceActions {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceActions.class);

    private final ContainerRuntime runtime;
    private final ContainerFactory factory;
    private final StdioAttachments stdio;
    private final Duration stopGrace;
    private final Clock clock;

    InstanceActions(ContainerRuntime runtime, ContainerFactory factory, StdioAttachments stdio, Duration stopGrace,
                    Clock clock) {
        this.runtime = runtime;
        this.factory = factory;
        this.stdio = stdio;
        this.stopGrace = stopGrace;
        this.clock = clock;
    }

    /** Creates and starts a new instance; on failure removes what was created and rethrows. */
    Instance create(ServiceSpec spec) {
        ContainerSpec container = factory.newInstance(spec);
        String id = runtime.create(container);
        try {
            if (spec.stdioTransport() && runtime.attachesBeforeStart()) {
                // Before the start, so that nothing the server writes is lost.
                stdio.attach(spec, id);
            }
            runtime.start(id);
            attachAfterStart(spec, id);
            Instance created = new Instance(id, container.name(), container.labels().get(Labels.SPEC_HASH),
                    InstanceState.STARTING, HealthStatus.UNKNOWN, null, clock.instant(), null, false, 0, 0, null);
            return refreshEndpoint(spec, created);
        } catch (RuntimeException e) {
            stdio.detach(id, "its start failed");
            removeQuietly(id, container.name());
            throw e;
        }
    }

    /**
     * Starts a stopped sleeper or unpauses a paused one. A paused stdio server keeps its
     * attachment and its sessions; a stopped one is a new process, attached before it starts.
     */
    Instance wake(ServiceSpec spec, Instance sleeper) {
        if (sleeper.state() == InstanceState.PAUSED) {
            runtime.unpause(sleeper.id());
            // A paused container keeps its endpoint; only the probe has to confirm it answers again.
            // Its start is now: the startup timeout counts from the wake, not from when it first ran.
            return new Instance(sleeper.id(), sleeper.name(), sleeper.specHash(), InstanceState.STARTING,
                    HealthStatus.UNKNOWN, sleeper.endpoint(), clock.instant(), null, false, 0, 0, null);
        }
        if (spec.stdioTransport() && runtime.attachesBeforeStart()) {
            stdio.attach(spec, sleeper.id());
        }
        try {
            runtime.start(sleeper.id());
            attachAfterStart(spec, sleeper.id());
        } catch (RuntimeException e) {
            stdio.detach(sleeper.id(), "its start failed");
            throw e;
        }
        // A restarted container may get a new host port: read it again.
        return refreshEndpoint(spec, sleeper);
    }

    /** A stdio instance of a runtime that has no container before the start (Swarm) is attached once it runs. */
    private void attachAfterStart(ServiceSpec spec, String id) {
        if (spec.stdioTransport() && !runtime.attachesBeforeStart()) {
            stdio.attach(spec, id);
        }
    }

    /** Puts an instance to sleep, keeping the container so that it can be woken. */
    Instance sleep(Instance instance, io.mcpfleet.config.SleepMode mode) {
        if (mode == io.mcpfleet.config.SleepMode.PAUSE) {
            runtime.pause(instance.id());
            return new Instance(instance.id(), instance.name(), instance.specHash(), InstanceState.PAUSED,
                    HealthStatus.UNKNOWN, instance.endpoint(), instance.started(), null, true, 0, 0, null);
        }
        runtime.stop(instance.id(), stopGrace);
        stdio.detach(instance.id(), "it was stopped to sleep");
        return instance.asleep(InstanceState.EXITED);
    }

    /** Stops and removes an instance. */
    void remove(Instance instance) {
        stdio.detach(instance.id(), "it was removed");
        runtime.remove(instance.id());
    }

    void removeQuietly(String id, String name) {
        try {
            runtime.remove(id);
        } catch (RuntimeException e) {
            LOG.warn("could not remove container {} after a failed start: {}", name, e.getMessage());
        }
    }

    private Instance refreshEndpoint(ServiceSpec spec, Instance instance) {
        Optional<ContainerSnapshot> snapshot = runtime.inspect(instance.id());
        if (snapshot.isEmpty()) {
            throw new ContainerRuntimeException("inspect", instance.name(), "it vanished right after starting", null);
        }
        ContainerSnapshot c = snapshot.get();
        if (c.status() != ContainerStatus.RUNNING) {
            throw new ContainerRuntimeException("start", instance.name(),
                    "it exited at once (status " + c.status().name().toLowerCase() + ", exit code " + c.exitCode() + ")",
                    null);
        }
        String endpoint = factory.endpoint(spec, c);
        return new Instance(instance.id(), instance.name(), instance.specHash(), InstanceState.STARTING,
                HealthStatus.UNKNOWN, endpoint, c.startedAt() != null ? c.startedAt() : clock.instant(), null, false,
                0, 0, null);
    }
}
