package io.mcpfleet.api;

import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /activity}: what a router has in flight, sent at least every second. The manager
 * never puts a service with work in flight to sleep, and drains an instance until its calls end.
 *
 * @param routerId a stable id of the reporting router (several routers may report)
 * @param services activity by service name; services absent have nothing in flight
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActivityReport(String routerId, Map<String, ServiceActivity> services) {
}
