package io.mcpfleet.api;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /services/{name}/status}.
 *
 * @param name            the service name
 * @param state           the service state
 * @param desiredReplicas instances wanted now
 * @param sleepMode       {@code stop} or {@code pause} while the service sleeps, else {@code null}
 * @param message         why the service is in this state when that is not obvious (e.g. the last start error), or {@code null}
 * @param instances       every container of the service, whatever its state
 * @param sleep           why it sleeps or stays up, its last sleep and wake; {@code null} from a manager without a sleep policy
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceStatus(String name, ServiceState state, int desiredReplicas, String sleepMode, String message,
                            List<InstanceView> instances, SleepStatus sleep) {

    /** Without the sleep details (as before they existed). */
    public ServiceStatus(String name, ServiceState state, int desiredReplicas, String sleepMode, String message,
                         List<InstanceView> instances) {
        this(name, state, desiredReplicas, sleepMode, message, instances, null);
    }
}
