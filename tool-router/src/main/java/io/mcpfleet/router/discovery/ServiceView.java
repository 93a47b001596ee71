package io.mcpfleet.router.discovery;

import io.mcpfleet.api.ServiceState;
import java.util.List;

/**
 * What the router knows of one service at one moment (immutable; replaced on every change).
 *
 * @param name      the service name
 * @param state     the state the manager last reported
 * @param routing   how calls to it are routed
 * @param instances its routable instances
 */
public record ServiceView(String name, ServiceState state, RoutingSettings routing, List<InstanceRef> instances) {

    public ServiceView {
        instances = List.copyOf(instances);
    }

    ServiceView withInstances(ServiceState newState, List<InstanceRef> newInstances) {
        return new ServiceView(name, newState == null ? state : newState, routing, newInstances);
    }
}
