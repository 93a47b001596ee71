package io.mcpfleet.api;

import java.util.List;

/**
 * {@code GET /services/{name}/instances}: what the router routes to.
 *
 * @param service   the service name
 * @param state     the service state
 * @param instances the routable instances (empty while stopped, asleep or starting)
 */
public record ServiceInstances(String service, ServiceState state, List<RoutableInstance> instances) {
}
