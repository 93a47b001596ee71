package io.mcpfleet.manager.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Manager-wide settings the lifecycle needs (the Spring properties are mapped onto this).
 *
 * @param fleet             the fleet name: the {@code io.mcpfleet.fleet} label and the container name prefix
 * @param serviceNetwork    the Docker network managed containers join, or {@code null} to publish ports instead
 * @param egressNetwork     the network that services with {@code network.egress: true} also join, or {@code null}
 * @param publishHost       the host address ports are published on when there is no service network
 * @param stopGrace         how long a container may take to stop before it is killed
 * @param reconcileInterval how often every service is reconciled even without events
 */
public record FleetSettings(String fleet, String serviceNetwork, String egressNetwork, String publishHost,
                            Duration stopGrace, Duration reconcileInterval) {

    public FleetSettings {
        Objects.requireNonNull(fleet, "fleet");
        if (!fleet.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new IllegalArgumentException("fleet name '" + fleet + "' must be a valid container name prefix");
        }
        serviceNetwork = blankToNull(serviceNetwork);
        egressNetwork = blankToNull(egressNetwork);
        publishHost = publishHost == null || publishHost.isBlank() ? "127.0.0.1" : publishHost;
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    }

    /** The networks a service's containers join (empty: publish the port instead). */
    public List<String> networksFor(boolean egress) {
        List<String> networks = new ArrayList<>(2);
        if (serviceNetwork != null) {
            networks.add(serviceNetwork);
            if (egress && egressNetwork != null) {
                networks.add(egressNetwork);
            }
        }
        return List.copyOf(networks);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
