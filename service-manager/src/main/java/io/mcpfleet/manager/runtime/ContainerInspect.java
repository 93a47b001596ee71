package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.ListContainersCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import io.mcpfleet.manager.lifecycle.ContainerSnapshot;
import io.mcpfleet.manager.lifecycle.ContainerStatus;
import io.mcpfleet.manager.lifecycle.ListedContainer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code inspect} and {@code list}: the engine's view of containers as {@link ContainerSnapshot}s. */
final class ContainerInspect {

    private final DockerClient docker;
    private final ContainerNames names;

    ContainerInspect(DockerClient docker, ContainerNames names) {
        this.docker = docker;
        this.names = names;
    }

    Optional<ContainerSnapshot> inspect(String id) {
        try {
            ContainerSnapshot snapshot = snapshot(docker.inspectContainerCmd(id).exec());
            names.remember(snapshot.id(), snapshot.name());
            return Optional.of(snapshot);
        } catch (NotFoundException gone) {
            names.forget(id);
            return Optional.empty();
        } catch (RuntimeException e) {
            throw DockerErrors.map("inspect", names.describe(id), e);
        }
    }

    /**
     * Lists, then inspects each container: the list answer has no start time and no exit code. A
     * container removed between the two calls is left out.
     */
    List<ContainerSnapshot> list(Map<String, String> labels) {
        List<Container> containers = containers(labels);
        List<ContainerSnapshot> snapshots = new ArrayList<>(containers.size());
        for (Container container : containers) {
            inspect(container.getId()).ifPresent(snapshots::add);
        }
        return snapshots;
    }

    /** The list call alone: ids, labels and states. */
    List<ListedContainer> listed(Map<String, String> labels) {
        List<Container> containers = containers(labels);
        List<ListedContainer> listed = new ArrayList<>(containers.size());
        for (Container c : containers) {
            listed.add(new ListedContainer(c.getId(), c.getLabels() == null ? Map.of() : c.getLabels(),
                    status(c.getState())));
        }
        return listed;
    }

    private List<Container> containers(Map<String, String> labels) {
        try {
            ListContainersCmd cmd = docker.listContainersCmd().withShowAll(true);
            if (!labels.isEmpty()) {
                cmd.withLabelFilter(labels);
            }
            return cmd.exec();
        } catch (RuntimeException e) {
            throw DockerErrors.map("list", "labelled " + labels, e);
        }
    }

    static ContainerSnapshot snapshot(InspectContainerResponse c) {
        InspectContainerResponse.ContainerState state = c.getState();
        ContainerStatus status = status(state == null ? null : state.getStatus());
        Integer exitCode = null;
        if ((status == ContainerStatus.EXITED || status == ContainerStatus.DEAD)
                && state.getExitCodeLong() != null) {
            exitCode = state.getExitCodeLong().intValue();
        }
        Map<String, String> labels = c.getConfig() == null || c.getConfig().getLabels() == null
                ? Map.of() : c.getConfig().getLabels();
        Ports ports = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getPorts();
        return new ContainerSnapshot(c.getId(), stripSlash(c.getName()), labels, status,
                instant(c.getCreated()), instant(state == null ? null : state.getStartedAt()), exitCode,
                publishedPorts(ports));
    }

    static ContainerStatus status(String engineStatus) {
        if (engineStatus == null) {
            return ContainerStatus.DEAD;
        }
        try {
            return ContainerStatus.valueOf(engineStatus.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            // a state newer engines may add: treat as unusable rather than fail a whole list
            return ContainerStatus.DEAD;
        }
    }

    /** The engine's time, or null for its "never" ({@code 0001-01-01T00:00:00Z}) and for what it cannot parse. */
    static Instant instant(String engineTime) {
        if (engineTime == null || engineTime.isBlank() || engineTime.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(engineTime);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** TCP container port to host port, for ports bound on the host (an exposed, unbound port has no binding). */
    static Map<Integer, Integer> publishedPorts(Ports ports) {
        Map<Integer, Integer> published = new LinkedHashMap<>();
        if (ports == null) {
            return published;
        }
        for (Map.Entry<ExposedPort, Ports.Binding[]> entry : ports.getBindings().entrySet()) {
            if (entry.getKey().getProtocol() != InternetProtocol.TCP || entry.getValue() == null) {
                continue;
            }
            for (Ports.Binding binding : entry.getValue()) {
                Integer hostPort = parsePort(binding.getHostPortSpec());
                if (hostPort != null) {
                    // the IPv4 and IPv6 bindings of one port share the host port: the first is enough
                    published.putIfAbsent(entry.getKey().getPort(), hostPort);
                    break;
                }
            }
        }
        return published;
    }

    private static Integer parsePort(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(spec.trim());
        } catch (NumberFormatException rangeOrJunk) {
            return null;
        }
    }

    static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }
}
