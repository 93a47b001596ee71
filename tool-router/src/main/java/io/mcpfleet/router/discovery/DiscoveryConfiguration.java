package io.mcpfleet.router.discovery;

import io.mcpfleet.router.config.RouterProperties;
import java.net.http.HttpClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The manager as the router follows it: its REST API and event stream (tests put a fake in its place). */
@Configuration(proxyBeanMethods = false)
class DiscoveryConfiguration {

    @Bean
    @ConditionalOnMissingBean(FleetDirectory.class)
    FleetDirectory fleetDirectory(RouterProperties properties, JsonMapper json) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.discovery().requestTimeout())
                .build();
        return new HttpFleetDirectory(properties.managerUrl(), properties.apiToken(), http, json,
                properties.discovery().requestTimeout(), properties.discovery().reconnectMin(),
                properties.discovery().reconnectMax());
    }
}
