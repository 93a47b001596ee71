package io.mcpfleet.router.it;

import io.mcpfleet.router.discovery.FleetDirectory;
import io.mcpfleet.testsupport.MutableClock;
import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Points the router at the shared {@link TestFleet} instead of a real manager, with a clock tests move. */
@TestConfiguration(proxyBeanMethods = false)
public class RouterTestConfiguration {

    public static final MutableClock CLOCK = MutableClock.startingNow();

    @Bean
    @Primary
    FleetDirectory testFleetDirectory() {
        return TestFleet.get().directory;
    }

    @Bean
    @Primary
    Clock testClock() {
        return CLOCK;
    }
}
