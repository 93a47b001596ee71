package io.mcpfleet.manager;

import io.mcpfleet.config.ConfigLoader;
import io.mcpfleet.config.FleetConfig;
import io.mcpfleet.manager.activity.ActivityLedger;
import io.mcpfleet.manager.events.FleetEvents;
import io.mcpfleet.manager.health.HealthMonitor;
import io.mcpfleet.manager.health.Prober;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.FleetSettings;
import io.mcpfleet.manager.lifecycle.LifecycleListener;
import io.mcpfleet.manager.metrics.FleetMetrics;
import io.mcpfleet.manager.runtime.DockerContainerRuntime;
import io.mcpfleet.manager.security.ApiTokenFilter;
import io.mcpfleet.manager.security.RequestSizeFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the manager: services.yml, the Docker runtime, health, events, activity and the lifecycle. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ManagerProperties.class)
class ManagerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerConfiguration.class);
    /** The largest body the API accepts: an activity report of a thousand services fits many times over. */
    private static final long MAX_REQUEST_BYTES = 1024 * 1024;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Fails start-up with file:line:column, key and reason when services.yml is invalid. */
    @Bean
    FleetConfig fleetConfig(ManagerProperties properties) {
        return ConfigLoader.load(properties.config());
    }

    @Bean
    FleetSettings fleetSettings(ManagerProperties p) {
        return new FleetSettings(p.name(), p.dockerNetwork(), p.egressNetwork(), p.publishHost(), p.stopGrace(),
                p.reconcileInterval());
    }

    @Bean(destroyMethod = "close")
    ContainerRuntime containerRuntime() {
        return DockerContainerRuntime.fromEnvironment();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService apiScheduler() {
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "fleet-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean(destroyMethod = "close")
    HealthMonitor healthMonitor(ScheduledExecutorService apiScheduler, MeterRegistry meters) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        return new HealthMonitor(new Prober(http, Executors.newFixedThreadPool(4)), apiScheduler, meters);
    }

    @Bean
    FleetEvents fleetEvents(Clock clock) {
        return new FleetEvents(clock);
    }

    @Bean
    ActivityLedger activityLedger(Clock clock, ManagerProperties p) {
        return new ActivityLedger(clock, p.activityExpiry(), p.drainGrace());
    }

    @Bean
    FleetMetrics fleetMetrics(MeterRegistry registry, Clock clock) {
        return new FleetMetrics(registry, clock);
    }

    @Bean(destroyMethod = "close")
    FleetLifecycle fleetLifecycle(FleetConfig config, FleetSettings settings, ContainerRuntime runtime,
                                  HealthMonitor health, ActivityLedger ledger, FleetEvents events,
                                  FleetMetrics metrics, Clock clock) {
        List<LifecycleListener> listeners = List.of(events, metrics);
        FleetLifecycle fleet = new FleetLifecycle(config, settings, runtime, health, ledger,
                (s, type, id, reason, message) -> listeners.forEach(l -> l.changed(s, type, id, reason, message)),
                clock);
        metrics.bind(fleet, runtime);
        fleet.start();
        return fleet;
    }

    /** Ahead of everything else, so an oversized body is refused before it is read. */
    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter() {
        FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeFilter(MAX_REQUEST_BYTES));
        registration.setOrder(Integer.MIN_VALUE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(ManagerProperties p) {
        String token = p.apiToken();
        FilterRegistrationBean<ApiTokenFilter> registration = new FilterRegistrationBean<>();
        if (token == null || token.isBlank()) {
            LOG.warn("FLEET_API_TOKEN is not set: anyone who can reach port 9000 can start, stop and scale "
                    + "containers. Set it (and FLEET_API_TOKEN on the router) outside a trusted network.");
            registration.setEnabled(false);
            registration.setFilter(new ApiTokenFilter("unused"));
            return registration;
        }
        registration.setFilter(new ApiTokenFilter(token));
        registration.addUrlPatterns("/services", "/services/*", "/events", "/activity");
        return registration;
    }
}
