package io.mcpfleet.api;

import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /activity}: what a router has in flight, sent at least every second. The manager
 * never puts a service with work in flight to sleep, and drains an instance until its calls end.
 *
 * @param routerId   a stable id of the reporting router (several routers may report)
 * @param services   activity by service name; services absent have nothing in flight
 * @param eventsSeen the {@link FleetEvent#seq()} of the last manager event the router had applied
 *                   when it built the report, or {@code null} if none: a report that has seen an
 *                   {@code instance_draining} event proves the router sends the instance no new
 *                   calls, however soon after the drain it was made
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActivityReport(String routerId, Map<String, ServiceActivity> services, Long eventsSeen) {

    /** A report that does not say which events its router had seen (the first version of this record). */
    public ActivityReport(String routerId, Map<String, ServiceActivity> services) {
        this(routerId, services, null);
    }
}
