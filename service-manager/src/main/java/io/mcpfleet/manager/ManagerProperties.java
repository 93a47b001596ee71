package io.mcpfleet.manager;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The manager's settings ({@code fleet.*}); each also reads an environment variable, see
 * {@code application.yml} and docs/operations.md.
 *
 * @param config            the services.yml to run (env {@code FLEET_CONFIG})
 * @param name              the fleet's name: container label and name prefix, so several fleets can share an engine (env {@code FLEET_NAME})
 * @param apiToken          when set, the API requires {@code Authorization: Bearer <token>} (env {@code FLEET_API_TOKEN})
 * @param dockerNetwork     the network managed containers join and are reached on; unset: ports are published (env {@code FLEET_DOCKER_NETWORK})
 * @param egressNetwork     the network services with {@code network.egress: true} also join (env {@code FLEET_EGRESS_NETWORK})
 * @param publishHost       the host address ports are published on without a network (env {@code FLEET_PUBLISH_HOST})
 * @param stopGrace         how long a container may take to stop before it is killed
 * @param reconcileInterval how often the fleet's containers are checked (one list call) even without events
 * @param activityExpiry    how long a router's activity report counts; a silent router's calls are then forgotten
 * @param drainGrace        how long after a drain begins a router's report proves it knew of the drain
 * @param memoryBudget      the most memory the fleet's containers may hold: a size ({@code 8GiB}), a share of the engine host's memory ({@code 75%}) or {@code none} (env {@code FLEET_MEMORY_BUDGET})
 * @param sleepCheckInterval how often the sleep policy looks for idle services (also after every activity report)
 * @param autoscaleInterval how often the autoscaler samples load and decides
 * @param memorySampleInterval how often the latest memory sample of each running container is recorded (for budgets without
 *                          limits and the sleeping-memory metric); the runtime asks the engine for a sample every 10 s
 *                          per container, so this does not make samples fresher
 * @param bridge            the bridge that serves stdio servers over HTTP
 * @param runtime           what runs the containers: {@code docker} (one engine) or {@code swarm} (services on a
 *                          Docker Swarm; the engine must be a swarm manager) (env {@code FLEET_RUNTIME})
 */
@Validated
@ConfigurationProperties("fleet")
public record ManagerProperties(
        @NotNull @DefaultValue("config/services.yml") Path config,
        @NotBlank @DefaultValue("fleet") String name,
        String apiToken,
        String dockerNetwork,
        String egressNetwork,
        @DefaultValue("127.0.0.1") String publishHost,
        @NotNull @DefaultValue("10s") Duration stopGrace,
        @NotNull @DefaultValue("10s") Duration reconcileInterval,
        @NotNull @DefaultValue("5s") Duration activityExpiry,
        @NotNull @DefaultValue("250ms") Duration drainGrace,
        @NotBlank @DefaultValue("80%") String memoryBudget,
        @NotNull @DefaultValue("1s") Duration sleepCheckInterval,
        @NotNull @DefaultValue("1s") Duration autoscaleInterval,
        @NotNull @DefaultValue("1s") Duration memorySampleInterval,
        @NotNull @DefaultValue Bridge bridge,
        @NotNull @DefaultValue("docker") Runtime runtime) {

    /** The engines the manager drives. */
    public enum Runtime {
        DOCKER, SWARM
    }

    /**
     * The bridge to stdio servers ({@code fleet.bridge.*}).
     *
     * @param advertisedUrl      the manager's base URL as the router reaches it; bridge endpoints are
     *                           {@code <it>/bridge/<service>/<container id>/mcp} (env {@code FLEET_BRIDGE_URL});
     *                           unset: {@code http://localhost:<server.port>}
     * @param sessionIdleTimeout a bridge session with nothing in flight, no stream and no request for this long ends
     */
    public record Bridge(String advertisedUrl, @NotNull @DefaultValue("1h") Duration sessionIdleTimeout) {
    }
}
