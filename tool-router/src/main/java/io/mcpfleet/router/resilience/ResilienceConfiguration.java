package io.mcpfleet.router.resilience;

import io.mcpfleet.router.config.RouterProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One breaker registry for every instance ({@code fleet.breaker.*}). */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

    @Bean
    Breakers breakers(RouterProperties properties, Clock clock) {
        return new Breakers(properties.breaker(), clock);
    }
}
