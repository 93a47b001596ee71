package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskStatusContainerStatus;
import io.mcpfleet.manager.lifecycle.ContainerSnapshot;
import io.mcpfleet.manager.lifecycle.ContainerStatus;
import io.mcpfleet.manager.lifecycle.ListedContainer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code inspect}, {@code list}, {@code listed} of instance services: the service for its labels and
 * replicas, its newest task for the state, and that task's container, when it runs on this node,
 * for the host port of a published endpoint and for stats and logs.
 */
final class SwarmInspect {

    private final DockerClient docker;
    private final SwarmServices services;
    private final ContainerInspect containers;
    private final ContainerNames names;
    /** Instance service id to the container of its running task, for the reads that need a container. */
    private final Map<String, String> runningContainers = new ConcurrentHashMap<>();

    SwarmInspect(DockerClient docker, SwarmServices services, ContainerInspect containers, ContainerNames names) {
        this.docker = docker;
        this.services = services;
        this.containers = containers;
        this.names = names;
    }

    Optional<ContainerSnapshot> inspect(String id) {
        try {
            Optional<Service> service = services.service(id);
            if (service.isEmpty()) {
                runningContainers.remove(id);
                names.forget(id);
                return Optional.empty();
            }
            return Optional.of(snapshot(service.get(), services.newest(id)));
        } catch (RuntimeException e) {
            throw DockerErrors.map("inspect", names.describe(id), e);
        }
    }

    List<ContainerSnapshot> list(Map<String, String> labels) {
        List<Service> services;
        try {
            services = listServices(labels);
        } catch (RuntimeException e) {
            throw DockerErrors.map("list", "services " + labels, e);
        }
        List<ContainerSnapshot> snapshots = new ArrayList<>();
        for (Service service : services) {
            inspect(service.getId()).ifPresent(snapshots::add);
        }
        return snapshots;
    }

    /** Two calls whatever the fleet's size: its services, then all their tasks. */
    List<ListedContainer> listed(Map<String, String> labels) {
        try {
            List<Service> all = listServices(labels);
            Map<String, Task> newest = new java.util.HashMap<>();
            if (!all.isEmpty()) {
                for (Task task : docker.listTasksCmd().withServiceFilter(all.stream().map(Service::getId)
                        .toArray(String[]::new)).exec()) {
                    newest.merge(task.getServiceId(), task,
                            (a, b) -> SwarmServices.created(a).isAfter(SwarmServices.created(b)) ? a : b);
                }
            }
            return all.stream().map(s -> new ListedContainer(s.getId(), labels(s),
                    SwarmServices.status(s, Optional.ofNullable(newest.get(s.getId()))))).toList();
        } catch (RuntimeException e) {
            throw DockerErrors.map("list", "services " + labels, e);
        }
    }

    /** The container of the instance's running task on this node, if it has one. */
    Optional<String> localContainer(String id) {
        return Optional.ofNullable(runningContainers.get(id));
    }

    private List<Service> listServices(Map<String, String> labels) {
        return docker.listServicesCmd().withLabelFilter(labels).exec();
    }

    private ContainerSnapshot snapshot(Service service, Optional<Task> newest) {
        ContainerStatus status = SwarmServices.status(service, newest);
        String name = service.getSpec().getName();
        names.remember(service.getId(), name);
        Optional<TaskStatusContainerStatus> task = newest.map(t -> t.getStatus().getContainerStatus());
        Optional<String> container = task.map(TaskStatusContainerStatus::getContainerID).filter(c -> !c.isBlank());
        Map<Integer, Integer> ports = Map.of();
        if (status == ContainerStatus.RUNNING && container.isPresent()) {
            // Only a task on this node has a container here; on another node the overlay network is the way in.
            Optional<ContainerSnapshot> local = containers.inspect(container.get());
            local.ifPresentOrElse(c -> runningContainers.put(service.getId(), c.id()),
                    () -> runningContainers.remove(service.getId()));
            ports = local.map(ContainerSnapshot::publishedPorts).orElse(Map.of());
        } else {
            runningContainers.remove(service.getId());
        }
        Instant started = newest.filter(t -> status == ContainerStatus.RUNNING)
                .map(t -> ContainerInspect.instant(t.getStatus().getTimestamp())).orElse(null);
        Integer exitCode = status == ContainerStatus.EXITED
                ? task.map(TaskStatusContainerStatus::getExitCodeLong).map(Long::intValue).orElse(null) : null;
        Instant created = service.getCreatedAt() == null ? null : service.getCreatedAt().toInstant();
        return new ContainerSnapshot(service.getId(), name, labels(service), status, created, started, exitCode,
                ports);
    }

    private static Map<String, String> labels(Service service) {
        Map<String, String> labels = service.getSpec().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
