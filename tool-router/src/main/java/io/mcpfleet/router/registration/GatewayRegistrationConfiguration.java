package io.mcpfleet.router.registration;

import io.mcpfleet.router.config.RouterProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registration with the gateway, when {@code fleet.gateway.url} and credentials are set: it starts
 * once the router is ready, because the gateway calls the router back while registering it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayRegistrationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayRegistrationConfiguration.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    ApplicationListener<ApplicationReadyEvent> gatewayRegistration(GatewayProperties gateway, RouterProperties router,
                                                                   JsonMapper json) {
        if (!gateway.enabled()) {
            if (gateway.url() != null) {
                log.info("not registering with gateway {}: no credentials (set FLEET_GATEWAY_TOKEN, or "
                        + "FLEET_GATEWAY_USERNAME and FLEET_GATEWAY_PASSWORD)", gateway.safeUrl());
            }
            return event -> { };
        }
        GatewayRegistrar registrar = registrar(gateway, router.routerToken(), json);
        return new StartWhenReady(registrar);
    }

    static GatewayRegistrar registrar(GatewayProperties gateway, String routerToken, JsonMapper json) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-registration");
            t.setDaemon(true);
            return t;
        });
        return new GatewayRegistrar(gateway, new ContextForgeClient(gateway, routerToken, http, json), routerToken,
                thread);
    }

    /** Starts the registrar when the router serves; stops its thread with the context. */
    private record StartWhenReady(GatewayRegistrar registrar)
            implements ApplicationListener<ApplicationReadyEvent>, AutoCloseable {

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            registrar.start();
        }

        @Override
        public void close() {
            registrar.close();
        }
    }
}
