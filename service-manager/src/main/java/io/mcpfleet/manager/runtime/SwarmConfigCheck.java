package io.mcpfleet.manager.runtime;

import io.mcpfleet.config.ConfigException;
import io.mcpfleet.config.ConfigLocator;
import io.mcpfleet.config.ConfigProblem;
import io.mcpfleet.config.FleetConfig;
import io.mcpfleet.config.Hardening;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.SleepMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code services.yml} may not ask of Swarm (engine API 1.41, Docker 20.10, as docker-java
 * models it), refused at start-up with the key rather than dropped in silence:
 * <ul>
 *   <li>{@code sleep_policy.mode: pause}: Swarm cannot pause a task; sleep is scale-to-zero ({@code stop}).</li>
 *   <li>{@code hardening.no_new_privileges} (on by default), {@code cap_drop}, {@code cap_add}, {@code pids_limit}:
 *       Swarm service specs of this API carry none of them.</li>
 * </ul>
 */
public final class SwarmConfigCheck {

    private SwarmConfigCheck() {
    }

    /** Throws a {@link ConfigException} with every problem found; returns quietly when there is none. */
    public static void check(FleetConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (ServiceSpec s : config.all()) {
            String at = "services." + s.name() + ".";
            if (s.sleepPolicy().enabled() && s.sleepPolicy().mode() == SleepMode.PAUSE) {
                problems.add(ConfigLocator.problem(config, at + "sleep_policy.mode", "pause is not available on "
                        + "fleet.runtime swarm (Swarm cannot pause a task); use mode: stop, which scales the "
                        + "instance to zero replicas"));
            }
            Hardening h = s.hardening();
            if (h.noNewPrivileges()) {
                problems.add(ConfigLocator.problem(config, at + "hardening.no_new_privileges", "Swarm services "
                        + "cannot set no-new-privileges on this engine API (1.41), and it is on by default; set "
                        + "hardening.no_new_privileges: false (e.g. under defaults:) to run on Swarm without it"));
            }
            unsupported(problems, config, at + "hardening.cap_drop", !h.capDrop().isEmpty());
            unsupported(problems, config, at + "hardening.cap_add", !h.capAdd().isEmpty());
            unsupported(problems, config, at + "hardening.pids_limit", h.pidsLimit() > 0);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static void unsupported(List<ConfigProblem> problems, FleetConfig config, String key, boolean set) {
        if (set) {
            problems.add(ConfigLocator.problem(config, key, "Swarm services do not take this option here (engine API "
                    + "1.41 as docker-java models it); remove it, or run on fleet.runtime docker"));
        }
    }
}
