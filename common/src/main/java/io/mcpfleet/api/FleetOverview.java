package io.mcpfleet.api;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /fleet}: every service with what the console shows of it, and the fleet's memory, in
 * one answer (the console loads it once, then again only when {@code /events} says something changed).
 *
 * @param fleet              the fleet name
 * @param memoryBudgetBytes  the memory budget, or {@code null} when there is none
 * @param memoryBudgetSource where the budget comes from ({@code "80% of 23.5 GiB"}), or {@code "none"}
 * @param memoryUsedBytes    the memory the fleet holds by the budget's reckoning (limits, else measured use)
 * @param sleepingSavesBytes what the stopped sleepers used when they last ran: memory sleeping gives back now
 * @param services           every service, by name
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FleetOverview(String fleet, Long memoryBudgetBytes, String memoryBudgetSource, long memoryUsedBytes,
                            long sleepingSavesBytes, List<Service> services) {

    /**
     * One service.
     *
     * @param image              its image
     * @param memoryLimitBytes   each instance's memory limit, or {@code null} when it has none
     * @param memoryUsedBytes    what its running instances use now (latest samples), or {@code null} before any
     * @param tools              tools declared in services.yml (the router learns the others)
     * @param sleepingSavesBytes what its stopped sleepers used when they last ran
     * @param status             as {@code GET /services/{name}/status} answers
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Service(String image, Long memoryLimitBytes, Long memoryUsedBytes, int tools,
                          long sleepingSavesBytes, ServiceStatus status) {
    }
}
