package io.mcpfleet.manager.api;

import io.mcpfleet.config.FleetConfig;
import io.mcpfleet.config.Replicas;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.config.ToolSpec;
import io.mcpfleet.manager.activity.ActivityLedger;
import io.mcpfleet.manager.events.FleetEvents;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.FleetSettings;
import io.mcpfleet.manager.lifecycle.InMemoryRuntime;
import io.mcpfleet.manager.lifecycle.InstanceLoad;
import io.mcpfleet.manager.lifecycle.ManualHealth;
import io.mcpfleet.testsupport.MutableClock;
import io.mcpfleet.manager.sleep.SleepPolicyEnforcer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The API's collaborators over an in-memory engine: what the slice tests of the API run against. */
@TestConfiguration(proxyBeanMethods = false)
class InMemoryFleet {

    /** The controllers' open streams: a plain component, which a {@code @WebMvcTest} slice does not scan. */
    @Bean
    OpenStreams openStreams() {
        return new OpenStreams();
    }

    @Bean
    MutableClock clock() {
        return new MutableClock();
    }

    @Bean
    InMemoryRuntime runtime(MutableClock clock) {
        return new InMemoryRuntime(clock);
    }

    @Bean
    ManualHealth health() {
        ManualHealth health = new ManualHealth();
        health.autoHealthy = true;
        return health;
    }

    @Bean
    FleetEvents events(MutableClock clock) {
        return new FleetEvents(clock);
    }

    @Bean
    ActivityLedger ledger(MutableClock clock) {
        return new ActivityLedger(clock, Duration.ofSeconds(5), Duration.ofMillis(250));
    }

    @Bean
    SleepPolicyEnforcer sleepPolicy(ActivityLedger ledger, MutableClock clock) {
        return new SleepPolicyEnforcer(ledger, clock);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService apiScheduler() {
        return Executors.newSingleThreadScheduledExecutor();
    }

    @Bean(destroyMethod = "close")
    FleetLifecycle fleet(InMemoryRuntime runtime, ManualHealth health, FleetEvents events, MutableClock clock) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        services.put("echo", ServiceSpec.builder("echo", "mimic:1", 8000).replicas(new Replicas(0, 4))
                .tools(List.of(new ToolSpec("say", null, "Says it", Map.of("type", "object"), Map.of(),
                        Map.of("readOnlyHint", true))))
                .build());
        services.put("files", ServiceSpec.builder("files", "files:1", 3000).build());
        FleetLifecycle fleet = new FleetLifecycle(new FleetConfig(null, services),
                new FleetSettings("api-test", null, null, "127.0.0.1", Duration.ofSeconds(1), Duration.ofMinutes(1)),
                // Drains end at once here: the activity reports these tests post are about validation only.
                runtime, health, InstanceLoad.NONE, events, clock);
        fleet.start();
        return fleet;
    }

    @Bean
    ContainerRuntime containerRuntime(InMemoryRuntime runtime) {
        return runtime;
    }
}
