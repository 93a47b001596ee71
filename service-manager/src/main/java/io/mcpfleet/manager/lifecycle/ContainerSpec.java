package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.config.Hardening;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to create one container of a service.
 *
 * @param name        the container name (unique on the engine)
 * @param image       the image reference
 * @param entrypoint  entrypoint override; empty keeps the image's
 * @param command     command override; empty keeps the image's
 * @param environment environment variables
 * @param labels      all labels, the {@code io.mcpfleet.*} ones included
 * @param port        the container port that serves MCP; 0 for a stdio server (nothing exposed or published)
 * @param memoryBytes memory limit; 0 for none
 * @param nanoCpus    CPU limit; 0 for none
 * @param hardening   security options
 * @param networks    networks to join, the first one primary; empty: publish {@code port} on {@code publishHost}
 * @param publishHost host address to publish the port on (an ephemeral host port) when no network is given
 * @param stdin       keep stdin open (not closed when an attachment ends; no TTY), for a stdio server the
 *                    manager attaches to
 * @param constraints placement constraints for an orchestrator (Swarm); empty: anywhere. A plain engine has
 *                    one place and takes none (refused in services.yml there)
 */
public record ContainerSpec(String name, String image, List<String> entrypoint, List<String> command,
                            Map<String, String> environment, Map<String, String> labels, int port, long memoryBytes,
                            long nanoCpus, Hardening hardening, List<String> networks, String publishHost,
                            boolean stdin, List<String> constraints) {

    public ContainerSpec {
        constraints = List.copyOf(constraints);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        entrypoint = List.copyOf(entrypoint);
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
        Objects.requireNonNull(hardening, "hardening");
        networks = List.copyOf(networks);
        if (networks.isEmpty() && port != 0) {
            Objects.requireNonNull(publishHost, "publishHost (needed when no network is given)");
        }
    }

    /** A container placed anywhere. */
    public ContainerSpec(String name, String image, List<String> entrypoint, List<String> command,
                         Map<String, String> environment, Map<String, String> labels, int port, long memoryBytes,
                         long nanoCpus, Hardening hardening, List<String> networks, String publishHost, boolean stdin) {
        this(name, image, entrypoint, command, environment, labels, port, memoryBytes, nanoCpus, hardening, networks,
                publishHost, stdin, List.of());
    }

    /** A container that serves MCP over HTTP on {@code port}. */
    public ContainerSpec(String name, String image, List<String> entrypoint, List<String> command,
                         Map<String, String> environment, Map<String, String> labels, int port, long memoryBytes,
                         long nanoCpus, Hardening hardening, List<String> networks, String publishHost) {
        this(name, image, entrypoint, command, environment, labels, port, memoryBytes, nanoCpus, hardening, networks,
                publishHost, false);
    }
}
