package io.mcpfleet.config;

/**
 * Network access of the service's containers when the manager runs them on a service network
 * ({@code FLEET_DOCKER_NETWORK}), which is internal by default.
 *
 * @param egress whether the containers also join the egress network to reach the internet
 */
public record NetworkAccess(boolean egress) {

    public static final NetworkAccess DEFAULT = new NetworkAccess(false);
}
