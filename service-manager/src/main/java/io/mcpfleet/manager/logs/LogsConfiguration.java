package io.mcpfleet.manager.logs;

import io.mcpfleet.manager.events.FleetEvents;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the logs of the fleet's services (the API's {@code GET /services/{name}/logs}). */
@Configuration(proxyBeanMethods = false)
class LogsConfiguration {

    @Bean
    FleetLogs fleetLogs(FleetLifecycle fleet, ContainerRuntime runtime, FleetEvents events,
                        ScheduledExecutorService apiScheduler, Clock clock, MeterRegistry meters) {
        return new FleetLogs(fleet, runtime, events, apiScheduler, clock, meters);
    }
}
