package io.mcpfleet.router.it;

import io.mcpfleet.router.discovery.FleetDirectory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Points the router at the shared {@link TestFleet} instead of a real manager. */
@TestConfiguration(proxyBeanMethods = false)
public class RouterTestConfiguration {

    @Bean
    @Primary
    FleetDirectory testFleetDirectory() {
        return TestFleet.get().directory;
    }
}
