package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.manager.lifecycle.ContainerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The verbs on instance services: create (no replica yet), start (one replica, waiting until its
 * task runs or fails), stop (no replica, waiting until the task is gone), remove.
 */
final class SwarmServices {

    /** How long a start waits for its task to run: the scheduler may pull the image on another node first. */
    static final Duration START_WAIT = Duration.ofMinutes(2);
    /** Beyond the stop grace, how long a stop waits for Swarm to report the task down. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 100;
    /** A start that has no task after this long gets its update forced once (see {@link #start}). */
    private static final Duration NUDGE_AFTER = Duration.ofSeconds(5);
    /** Task states after which a task will never run (again). */
    static final Set<TaskState> ENDED = Set.of(TaskState.COMPLETE, TaskState.SHUTDOWN, TaskState.FAILED,
            TaskState.REJECTED, TaskState.REMOVE, TaskState.ORPHANED);

    private final DockerClient docker;
    private final ContainerNames names;
    private final String localNode;

    /** @param localNode the swarm node id of the engine {@code docker} talks to */
    SwarmServices(DockerClient docker, ContainerNames names, String localNode) {
        this.docker = docker;
        this.names = names;
        this.localNode = localNode;
    }

    String create(ContainerSpec spec) {
        try {
            String id = docker.createServiceCmd(SwarmServiceSpecs.of(spec, localNode)).exec().getId();
            names.remember(id, spec.name());
            return id;
        } catch (RuntimeException e) {
            throw DockerErrors.map("create", spec.name(), e);
        }
    }

    void start(String id) {
        String name = names.describe(id);
        // Swarm gives a slot a new task only once the old one is deleted: scaled to one while the task of a
        // scale to zero is still being removed, a service would keep no task at all.
        awaitRemoved(id, STOP_SLACK);
        Instant asked = Instant.now();
        try {
            update(id, SwarmServices::oneReplica);
        } catch (RuntimeException e) {
            throw DockerErrors.map("start", name, e);
        }
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        long nudgeAt = System.nanoTime() + NUDGE_AFTER.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Task> task = newest(id).filter(t -> !created(t).isBefore(asked.minusSeconds(1)));
            if (task.isPresent()) {
                TaskState state = task.get().getStatus().getState();
                if (state == TaskState.RUNNING) {
                    return;
                }
                if (ENDED.contains(state)) {
                    throw new ContainerRuntimeException("start", name, "its task " + state.getValue() + ": "
                            + Optional.ofNullable(task.get().getStatus().getErr())
                            .orElse(task.get().getStatus().getMessage()), null);
                }
            } else if (System.nanoTime() > nudgeAt) {
                // Still no task: a removal we did not see finish held the slot. Forcing an update makes one.
                nudgeAt = Long.MAX_VALUE;
                update(id, SwarmServices::oneReplica);
            }
            pause();
        }
        throw new ContainerRuntimeException("start", name, "no task of it ran within " + START_WAIT.toSeconds()
                + " s (is there a node with room for its reservations, and can every node pull its image?)", null);
    }

    /** One replica; a service that has one already (its task ended: it crashed, or was killed) is forced to a new task. */
    private static ServiceSpec oneReplica(ServiceSpec spec) {
        boolean alreadyOne = replicas(spec) == 1;
        spec.withMode(one(1));
        if (alreadyOne) {
            TaskSpec task = spec.getTaskTemplate();
            task.withForceUpdate((task.getForceUpdate() == null ? 0 : task.getForceUpdate()) + 1);
        }
        return spec;
    }

    /** Waits, at most {@code wait}, until no task of the service is being removed. */
    private void awaitRemoved(String id, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline
                && tasks(id).stream().anyMatch(t -> t.getDesiredState() == TaskState.REMOVE)) {
            pause();
        }
    }

    /**
     * The container of the instance's running task, for an attachment through this engine: the task must
     * run and run on this node (a stdio instance is placed here).
     */
    String localTaskContainer(String id) {
        String name = names.describe(id);
        Task task = newest(id).filter(t -> t.getStatus().getState() == TaskState.RUNNING)
                .orElseThrow(() -> new ContainerRuntimeException("attach", name, "it has no running task", null));
        if (!localNode.equals(task.getNodeId())) {
            throw new ContainerRuntimeException("attach", name, "its task runs on swarm node " + task.getNodeId()
                    + ", not on the manager's node " + localNode + " (the bridge attaches only through its own engine)",
                    null);
        }
        return Optional.ofNullable(task.getStatus().getContainerStatus())
                .map(c -> c.getContainerID()).filter(c -> !c.isBlank())
                .orElseThrow(() -> new ContainerRuntimeException("attach", name, "its running task names no container",
                        null));
    }

    void stop(String id, Duration grace) {
        String name = names.describe(id);
        try {
            update(id, spec -> {
                spec.withMode(one(0));
                spec.getTaskTemplate().getContainerSpec().withStopGracePeriod(grace.toNanos());
                return spec;
            });
        } catch (NotFoundException gone) {
            return;
        } catch (RuntimeException e) {
            throw DockerErrors.map("stop", name, e);
        }
        long deadline = System.nanoTime() + grace.plus(STOP_SLACK).toNanos();
        while (System.nanoTime() < deadline) {
            List<Task> tasks = tasks(id);
            if (tasks.isEmpty()) {
                return;
            }
            if (tasks.stream().allMatch(t -> ENDED.contains(t.getStatus().getState()))) {
                // Down; Swarm deletes the task a moment later, which the next start waits for.
                return;
            }
            pause();
        }
        throw new ContainerRuntimeException("stop", name, "its task still runs " + grace.plus(STOP_SLACK).toSeconds()
                + " s after the stop", null);
    }

    void remove(String id) {
        try {
            docker.removeServiceCmd(id).exec();
        } catch (NotFoundException gone) {
            // removed already: what was wanted
        } catch (RuntimeException e) {
            throw DockerErrors.map("remove", names.describe(id), e);
        } finally {
            names.forget(id);
        }
    }

    Optional<Service> service(String id) {
        try {
            return Optional.of(docker.inspectServiceCmd(id).exec());
        } catch (NotFoundException gone) {
            return Optional.empty();
        }
    }

    List<Task> tasks(String id) {
        return docker.listTasksCmd().withServiceFilter(id).exec();
    }

    /** The service's latest task: the one that says what the instance is now. */
    Optional<Task> newest(String id) {
        return tasks(id).stream().max(Comparator.comparing(SwarmServices::created));
    }

    static Instant created(Task task) {
        Instant at = ContainerInspect.instant(task.getCreatedAt());
        return at == null ? Instant.EPOCH : at;
    }

    static int replicas(ServiceSpec spec) {
        ServiceModeConfig mode = spec.getMode();
        if (mode == null || mode.getReplicated() == null) {
            return 0;
        }
        return (int) mode.getReplicated().getReplicas();
    }

    /**
     * The status an instance service shows: running while its latest task runs, created while a
     * task is on its way, exited when it has no replica or its task ended.
     */
    static ContainerStatus status(Service service, Optional<Task> newest) {
        TaskState state = newest.map(t -> t.getStatus().getState()).orElse(null);
        if (state == TaskState.RUNNING) {
            return ContainerStatus.RUNNING;
        }
        if (replicas(service.getSpec()) == 0 || state != null && ENDED.contains(state)) {
            return ContainerStatus.EXITED;
        }
        return ContainerStatus.CREATED;
    }

    /** Read, change, write; retried once when someone else updated the service in between. */
    private void update(String id, UnaryOperator<ServiceSpec> change) {
        for (int attempt = 1; ; attempt++) {
            Service current = docker.inspectServiceCmd(id).exec();
            try {
                docker.updateServiceCmd(id, change.apply(current.getSpec()))
                        .withVersion(current.getVersion().getIndex()).exec();
                return;
            } catch (ConflictException | com.github.dockerjava.api.exception.InternalServerErrorException e) {
                // "update out of sequence": another writer got there first
                if (attempt >= 3 || !DockerErrors.messageContains(e, "out of sequence")) {
                    throw e;
                }
            }
        }
    }

    private static ServiceModeConfig one(int replicas) {
        return new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas));
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Swarm", e);
        }
    }
}
