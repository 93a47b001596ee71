package io.mcpfleet.manager.runtime;

import io.mcpfleet.config.ConfigException;
import io.mcpfleet.config.ConfigLocator;
import io.mcpfleet.config.ConfigProblem;
import io.mcpfleet.config.FleetConfig;
import io.mcpfleet.config.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code services.yml} may not ask of one Docker engine, refused at start-up with the key rather
 * than dropped in silence: {@code placement} (one engine is one place; constraints are Swarm's).
 */
public final class DockerConfigCheck {

    private DockerConfigCheck() {
    }

    /** Throws a {@link ConfigException} with every problem found; returns quietly when there is none. */
    public static void check(FleetConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (ServiceSpec s : config.all()) {
            if (!s.placement().isEmpty()) {
                problems.add(ConfigLocator.problem(config, "services." + s.name() + ".placement", "placement is for "
                        + "fleet.runtime swarm (it places instances on the swarm's nodes); a single Docker engine runs "
                        + "every instance on its own host: remove it, or set FLEET_RUNTIME=swarm"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
