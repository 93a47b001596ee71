package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.config.ServiceSpec;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Turns a service's spec into the {@link ContainerSpec} of one new instance. */
final class ContainerFactory {

    private final FleetSettings settings;
    private final StdioAttachments stdio;
    private final SecureRandom random = new SecureRandom();

    ContainerFactory(FleetSettings settings, StdioAttachments stdio) {
        this.settings = settings;
        this.stdio = stdio;
    }

    String specHash(ServiceSpec spec) {
        return SpecHash.of(spec, networks(spec));
    }

    ContainerSpec newInstance(ServiceSpec spec) {
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.FLEET, settings.fleet());
        labels.put(Labels.SERVICE, spec.name());
        labels.put(Labels.SPEC_HASH, specHash(spec));
        return new ContainerSpec(containerName(spec.name()), spec.image(), spec.entrypoint(), spec.command(),
                spec.environment(), labels, spec.port(), spec.resources().memoryBytes(), spec.resources().nanoCpus(),
                spec.hardening(), networks(spec), settings.publishHost(), spec.stdioTransport(),
                spec.placement().constraints());
    }

    /** The base URL the router and the health probe use for a container of this service. */
    String endpoint(ServiceSpec spec, ContainerSnapshot container) {
        if (spec.stdioTransport()) {
            return stdio.endpoint(spec.name(), container.id());
        }
        if (settings.serviceNetwork() != null) {
            return "http://" + container.name() + ":" + spec.port();
        }
        Integer hostPort = container.publishedPorts().get(spec.port());
        return hostPort == null ? null : "http://" + hostAddress() + ":" + hostPort;
    }

    private String hostAddress() {
        String host = settings.publishHost();
        // A port published on all interfaces is reached on loopback from the manager's host.
        if ("0.0.0.0".equals(host)) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private List<String> networks(ServiceSpec spec) {
        return settings.networksFor(spec.network().egress());
    }

    private String containerName(String service) {
        byte[] suffix = new byte[3];
        random.nextBytes(suffix);
        return settings.fleet() + "-" + service + "-" + HexFormat.of().formatHex(suffix);
    }
}
