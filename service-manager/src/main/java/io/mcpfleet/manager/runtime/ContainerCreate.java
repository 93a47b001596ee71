package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import io.mcpfleet.config.Hardening;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.manager.lifecycle.EngineUnavailableException;
import io.mcpfleet.manager.lifecycle.ImageNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code create}: one container from a {@link ContainerSpec}, pulling its image at most once, briefly. */
final class ContainerCreate {

    /**
     * The container's own stop timeout, used when someone stops it outside the manager (or the
     * daemon shuts down); the manager passes its grace on every stop it makes.
     */
    static final int STOP_TIMEOUT_SECONDS = 10;

    private final DockerClient docker;
    private final ContainerNames names;
    private final ImagePull pulls;

    ContainerCreate(DockerClient docker, ContainerNames names) {
        this.docker = docker;
        this.names = names;
        this.pulls = new ImagePull(docker);
    }

    String create(ContainerSpec spec) {
        try {
            String id = createPullingOnce(spec);
            names.remember(id, spec.name());
            joinOtherNetworks(id, spec);
            return id;
        } catch (RuntimeException e) {
            throw DockerErrors.map("create", spec.name(), e);
        }
    }

    private String createPullingOnce(ContainerSpec spec) {
        try {
            return command(spec).exec().getId();
        } catch (NotFoundException e) {
            if (!isMissingImage(e)) {
                throw e;
            }
            pulls.pull(spec.image(), spec.name());
            try {
                return command(spec).exec().getId();
            } catch (NotFoundException again) {
                throw isMissingImage(again) ? new ImageNotFoundException(spec.name(), spec.image(), again) : again;
            }
        }
    }

    private static boolean isMissingImage(NotFoundException e) {
        return DockerErrors.messageContains(e, "no such image");
    }

    private CreateContainerCmd command(ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                // busybox and many servers ignore SIGTERM as PID 1; tini forwards it so stops take ms, not the grace
                .withInit(true);
        limits(host, spec);
        harden(host, spec.hardening(), spec.name());
        ExposedPort port = spec.port() == 0 ? null : ExposedPort.tcp(spec.port());
        if (!spec.networks().isEmpty()) {
            // API 1.41 accepts a single network at create; the others are joined right after.
            host.withNetworkMode(spec.networks().get(0));
        } else if (port != null) {
            Ports bindings = new Ports();
            bindings.bind(port, Ports.Binding.bindIp(spec.publishHost()));
            host.withPortBindings(bindings);
        }
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(spec.name())
                .withLabels(new LinkedHashMap<>(spec.labels()))
                .withEnv(environment(spec.environment()))
                .withStopTimeout(STOP_TIMEOUT_SECONDS)
                .withHostConfig(host);
        if (port != null) {
            cmd.withExposedPorts(port);
        }
        if (spec.stdin()) {
            // The manager attaches to stdin, stdout and stderr; stdin stays open across attachments
            // (a restarted manager attaches again), and no TTY, so stdout carries the server's bytes unchanged.
            cmd.withStdinOpen(true).withStdInOnce(false).withAttachStdin(true).withAttachStdout(true)
                    .withAttachStderr(true).withTty(false);
        }
        if (!spec.entrypoint().isEmpty()) {
            cmd.withEntrypoint(spec.entrypoint());
        }
        if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        if (spec.hardening().user() != null && !spec.hardening().user().isBlank()) {
            cmd.withUser(spec.hardening().user());
        }
        return cmd;
    }

    private static void limits(HostConfig host, ContainerSpec spec) {
        if (spec.memoryBytes() > 0) {
            // swap equal to memory: no swap on top, so the limit is what the container really gets
            host.withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes());
        }
        if (spec.nanoCpus() > 0) {
            host.withNanoCPUs(spec.nanoCpus());
        }
    }

    private static void harden(HostConfig host, Hardening hardening, String container) {
        if (hardening.noNewPrivileges()) {
            host.withSecurityOpts(List.of("no-new-privileges:true"));
        }
        if (hardening.readOnly()) {
            host.withReadonlyRootfs(true);
        }
        if (!hardening.capDrop().isEmpty()) {
            host.withCapDrop(capabilities(hardening.capDrop(), container));
        }
        if (!hardening.capAdd().isEmpty()) {
            host.withCapAdd(capabilities(hardening.capAdd(), container));
        }
        if (!hardening.tmpfs().isEmpty()) {
            Map<String, String> mounts = new LinkedHashMap<>();
            hardening.tmpfs().forEach(path -> mounts.put(path, ""));
            host.withTmpFs(mounts);
        }
        if (hardening.pidsLimit() > 0) {
            host.withPidsLimit(hardening.pidsLimit());
        }
    }

    /** {@code net_admin}, {@code CAP_NET_ADMIN} and {@code NET_ADMIN} all name the same capability. */
    static Capability[] capabilities(List<String> names, String container) {
        List<Capability> result = new ArrayList<>();
        for (String name : names) {
            String normalized = name.trim().toUpperCase(Locale.ROOT);
            if (normalized.startsWith("CAP_")) {
                normalized = normalized.substring(4);
            }
            try {
                result.add(Capability.valueOf(normalized));
            } catch (IllegalArgumentException e) {
                throw new ContainerRuntimeException("create", container, "unknown Linux capability " + name, e);
            }
        }
        return result.toArray(Capability[]::new);
    }

    static List<String> environment(Map<String, String> environment) {
        List<String> env = new ArrayList<>(environment.size());
        environment.forEach((key, value) -> env.add(key + "=" + value));
        return env;
    }

    private void joinOtherNetworks(String id, ContainerSpec spec) {
        if (spec.networks().size() < 2) {
            return;
        }
        for (String network : spec.networks().subList(1, spec.networks().size())) {
            try {
                docker.connectToNetworkCmd().withContainerId(id).withNetworkId(network).exec();
            } catch (RuntimeException e) {
                // A half-made container would be adopted later as if it were whole: remove it.
                removeQuietly(id);
                names.forget(id);
                if (DockerErrors.isEngineUnreachable(e)) {
                    throw new EngineUnavailableException("create", spec.name(), e);
                }
                throw new ContainerRuntimeException("create", spec.name(),
                        "cannot join network " + network + ": " + DockerErrors.why(e), e);
            }
        }
    }

    private void removeQuietly(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException ignored) {
            // best effort: the error that made us remove it is the one worth reporting
        }
    }
}
