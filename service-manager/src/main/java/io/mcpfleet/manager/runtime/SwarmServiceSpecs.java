package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import io.mcpfleet.config.Hardening;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The Swarm service of one instance: a replicated service of 0 or 1 replica, so that the manager,
 * not Swarm, picks which instance a scale-in drains and removes (see {@link SwarmContainerRuntime}).
 */
final class SwarmServiceSpecs {

    /** The service's own stop grace, for stops made outside the manager; the manager sets its own on each stop. */
    static final Duration STOP_GRACE = Duration.ofSeconds(ContainerCreate.STOP_TIMEOUT_SECONDS);

    private SwarmServiceSpecs() {
    }

    /**
     * @param localNode the swarm node id of the manager's own engine: a stdio instance is placed there, since the
     *                  bridge attaches to its task's container through that engine
     */
    static ServiceSpec of(io.mcpfleet.manager.lifecycle.ContainerSpec spec, String localNode) {
        ContainerSpec container = new ContainerSpec()
                .withImage(spec.image())
                .withLabels(new LinkedHashMap<>(spec.labels()))
                .withEnv(ContainerCreate.environment(spec.environment()))
                // as in ContainerCreate: tini forwards SIGTERM to servers that ignore it as PID 1
                .withInit(true)
                .withStopGracePeriod(STOP_GRACE.toNanos());
        // Swarm's Command replaces the image's ENTRYPOINT and Args its CMD, as docker run's two do.
        if (!spec.entrypoint().isEmpty()) {
            container.withCommand(spec.entrypoint());
        }
        if (!spec.command().isEmpty()) {
            container.withArgs(spec.command());
        }
        if (spec.stdin()) {
            // stdin stays open across attachments, no TTY: stdout carries the server's bytes unchanged
            container.withOpenStdin(true).withTty(false);
        }
        harden(container, spec.hardening());
        ResourceSpecs limits = new ResourceSpecs();
        if (spec.memoryBytes() > 0) {
            limits.withMemoryBytes(spec.memoryBytes());
        }
        if (spec.nanoCpus() > 0) {
            limits.withNanoCPUs(spec.nanoCpus());
        }
        TaskSpec task = new TaskSpec()
                .withContainerSpec(container)
                // reservations equal to the limits: the scheduler places a task only on a node where it fits
                .withResources(new ResourceRequirements().withLimits(limits).withReservations(limits))
                // The manager replaces a failed instance itself (its start back-off and health rules apply), so
                // Swarm does not restart it too: the two would race, and a restarted task moves its address.
                .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE))
                .withNetworks(spec.networks().stream()
                        .map(n -> new NetworkAttachmentConfig().withTarget(n).withAliases(List.of(spec.name())))
                        .toList());
        List<String> constraints = new ArrayList<>(spec.constraints());
        if (spec.stdin()) {
            constraints.add("node.id==" + localNode);
        }
        if (!constraints.isEmpty()) {
            task.withPlacement(new ServicePlacement().withConstraints(constraints));
        }
        return new ServiceSpec()
                .withName(spec.name())
                .withLabels(new LinkedHashMap<>(spec.labels()))
                .withTaskTemplate(task)
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(0)))
                // for a `docker service update` by hand: the new task runs before the old one stops
                .withUpdateConfig(new UpdateConfig().withParallelism(1L).withOrder(UpdateOrder.START_FIRST)
                        .withFailureAction(UpdateFailureAction.ROLLBACK))
                .withEndpointSpec(endpoint(spec));
    }

    /**
     * On the services network the name resolves to the task itself (DNS round robin, no virtual IP in
     * between); without a network the port is published on the task's node, at a port the engine picks.
     */
    private static EndpointSpec endpoint(io.mcpfleet.manager.lifecycle.ContainerSpec spec) {
        if (!spec.networks().isEmpty() || spec.port() == 0) {
            return new EndpointSpec().withMode(EndpointResolutionMode.DNSRR);
        }
        return new EndpointSpec().withMode(EndpointResolutionMode.VIP).withPorts(List.of(new PortConfig()
                .withProtocol(PortConfigProtocol.TCP)
                .withTargetPort(spec.port())
                .withPublishMode(PortConfig.PublishMode.host)));
    }

    /** The options Swarm services take; {@link SwarmConfigCheck} refuses the others before anything is created. */
    private static void harden(ContainerSpec container, Hardening hardening) {
        if (hardening.readOnly()) {
            container.withReadOnly(true);
        }
        if (hardening.user() != null && !hardening.user().isBlank()) {
            container.withUser(hardening.user());
        }
        if (!hardening.tmpfs().isEmpty()) {
            container.withMounts(hardening.tmpfs().stream()
                    .map(path -> new Mount().withType(MountType.TMPFS).withTarget(path))
                    .toList());
        }
    }
}
