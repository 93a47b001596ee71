package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import io.mcpfleet.manager.lifecycle.ContainerEvent;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.ContainerSnapshot;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.manager.lifecycle.EngineUnavailableException;
import io.mcpfleet.manager.lifecycle.ListedContainer;
import io.mcpfleet.manager.lifecycle.LogQuery;
import io.mcpfleet.manager.lifecycle.LogReceiver;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The {@link ContainerRuntime} on Docker Swarm: each instance is a replicated Swarm service of its
 * own, with the fleet's labels on the service and on its task's container.
 *
 * <p>Why a service per instance rather than one service with N replicas: the lifecycle drains an
 * instance before it goes, and picks which one (the idlest, the stale one of a roll). Swarm's scale-in
 * picks tasks itself, so with one service the manager would drain one task and Swarm stop another.
 * Here the port's verbs map one to one: {@code create} is a service of zero replicas, {@code start} sets
 * one replica and waits for its task to run, {@code stop} (sleep) scales it to zero, {@code remove}
 * removes the service. Swarm still places every task (by the reservations, on any node) and keeps the
 * addresses; the manager scales by adding or removing instance services.
 *
 * <p>Swarm does not restart a failed task (restart condition none): the manager sees the instance exit
 * and replaces it, with its back-off, as on a plain engine. {@code pause} is not available (Swarm cannot
 * pause a task; {@link SwarmConfigCheck} refuses pause mode at start-up).
 *
 * <p>Endpoints: on the services network an instance is reached at its service name, which resolves to
 * its task (DNS round robin mode); without a network its port is published on the task's node, which
 * the manager reads from the task's container and so reaches only on its own node (single-node use, tests).
 * Stats and logs likewise come from task containers on the manager's node only.
 */
public final class SwarmContainerRuntime implements ContainerRuntime, AutoCloseable {

    private final EngineLink engine;
    private final SwarmServices services;
    private final SwarmInspect inspects;

    private SwarmContainerRuntime(DockerClient requests, DockerClient streams, String engine, String localNode,
                                  Clock clock) {
        ContainerNames names = new ContainerNames();
        this.engine = new EngineLink(requests, streams, true, engine, new ContainerNames(), clock,
                ContainerStats.DEFAULT_IDLE_AFTER, "fleet-swarm-runtime");
        this.services = new SwarmServices(requests, names, localNode);
        this.inspects = new SwarmInspect(requests, services, new ContainerInspect(requests, new ContainerNames()),
                names);
    }

    /**
     * A runtime on the swarm manager at {@code dockerHost}, after checking that it is one and that
     * {@code networks} (settings key to network name; null names are skipped) are attachable overlays, and, when
     * the fleet has {@code stdioServices}, that this engine's node takes tasks (they are placed on it).
     *
     * @throws RuntimeSettingException naming the setting that does not fit
     */
    public static SwarmContainerRuntime forHost(String dockerHost, Map<String, String> networks,
                                                List<String> stdioServices) {
        DockerClient requests = DockerClients.forRequests(dockerHost);
        String engine = "Docker engine at " + dockerHost;
        String localNode;
        try {
            localNode = SwarmEngineCheck.requireManager(requests, engine);
            if (!stdioServices.isEmpty()) {
                SwarmEngineCheck.requireTaskNode(requests, localNode, engine, stdioServices);
            }
            networks.forEach((key, network) -> SwarmEngineCheck.requireAttachableOverlay(requests, key, network));
        } catch (RuntimeSettingException e) {
            Closing.quietly(requests);
            throw e;
        } catch (RuntimeException e) {
            Closing.quietly(requests);
            throw new EngineUnavailableException("check the swarm of", engine, e);
        }
        return new SwarmContainerRuntime(requests, DockerClients.forStreams(dockerHost), engine, localNode,
                Clock.systemUTC());
    }

    @Override
    public String create(ContainerSpec spec) {
        return services.create(spec);
    }

    @Override
    public void start(String id) {
        services.start(id);
    }

    @Override
    public void stop(String id, Duration grace) {
        inspects.localContainer(id).ifPresent(engine.stats()::forget);
        services.stop(id, grace);
    }

    @Override
    public void remove(String id) {
        inspects.localContainer(id).ifPresent(engine.stats()::forget);
        services.remove(id);
    }

    @Override
    public void pause(String id) {
        throw new ContainerRuntimeException("pause", id, "Swarm cannot pause a task (sleep_policy.mode pause is "
                + "refused at start-up on fleet.runtime swarm)", null);
    }

    @Override
    public void unpause(String id) {
        // Nothing on Swarm is ever paused: the wanted state holds already.
    }

    /** A Swarm task's container exists only once the service is scaled up: stdio instances are attached after the start. */
    @Override
    public boolean attachesBeforeStart() {
        return false;
    }

    /**
     * The container an attachment to instance {@code id} goes to: its running task's, on this node.
     *
     * @throws ContainerRuntimeException when it has no running task, or its task runs on another node
     */
    public String attachableContainer(String id) {
        return services.localTaskContainer(id);
    }

    @Override
    public Optional<ContainerSnapshot> inspect(String id) {
        return inspects.inspect(id);
    }

    @Override
    public List<ContainerSnapshot> list(Map<String, String> labels) {
        return inspects.list(labels);
    }

    @Override
    public List<ListedContainer> listed(Map<String, String> labels) {
        return inspects.listed(labels);
    }

    /**
     * Events of the task containers on this node (they carry the fleet's labels). Tasks on other
     * nodes show up at the lifecycle's periodic look ({@code fleet.reconcile-interval}).
     */
    @Override
    public AutoCloseable subscribe(Map<String, String> labels, Consumer<ContainerEvent> listener,
                                   Runnable onReconnect) {
        return engine.subscribe(labels, listener, onReconnect);
    }

    @Override
    public Optional<ResourceUsage> usage(String id) {
        return inspects.localContainer(id).flatMap(engine.stats()::usage);
    }

    @Override
    public Optional<ResourceUsage> cpuUsage(String id) {
        return inspects.localContainer(id).flatMap(engine.stats()::cpuUsage);
    }

    @Override
    public AutoCloseable logs(String id, LogQuery query, LogReceiver receiver) {
        Optional<String> container = inspects.localContainer(id);
        if (container.isEmpty()) {
            return ContainerRuntime.super.logs(id, query, receiver);
        }
        return engine.logs().logs(container.get(), query, receiver);
    }

    @Override
    public void ping() {
        engine.ping();
    }

    /** The memory of every node of the swarm, summed: the budget spans the cluster. */
    @Override
    public OptionalLong memoryTotal() {
        try {
            long total = engine.requests().listSwarmNodesCmd().exec().stream()
                    .map(SwarmNode::getDescription).filter(Objects::nonNull)
                    .map(d -> d.getResources() == null ? null : d.getResources().getMemoryBytes())
                    .filter(Objects::nonNull).mapToLong(Long::longValue).sum();
            return total <= 0 ? OptionalLong.empty() : OptionalLong.of(total);
        } catch (RuntimeException e) {
            throw DockerErrors.map("list the nodes of", engine.engine(), e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
