package io.mcpfleet.router.config;

import io.mcpfleet.router.discovery.FleetDirectory;
import io.mcpfleet.router.discovery.HttpFleetDirectory;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.resilience.Breakers;
import io.mcpfleet.router.upstream.UpstreamClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The shared infrastructure of the router: clock, HTTP clients, executors, breakers, the manager client. */
@Configuration(proxyBeanMethods = false)
class RouterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Background work that may block (manager calls, session set-up, catalog learning). */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService routerBackground() {
        return Executors.newCachedThreadPool(daemon("router-bg-"));
    }

    /** Timers: resync, session expiry, keep-alive. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService routerScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon("router-timer-"));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    @Bean
    EnvelopeScanner envelopeScanner(RouterProperties properties) {
        return new EnvelopeScanner(properties.limits().maxJsonDepth());
    }

    /**
     * Talks to backends: POSTs (every call) on the calling thread over pooled keep-alive
     * connections; GET streams, which may stay open for hours, and DELETEs on an asynchronous
     * client that reads streams without a thread each.
     */
    @Bean(destroyMethod = "shutdown")
    UpstreamClient upstreamClient(RouterProperties properties, EnvelopeScanner scanner, JsonMapper json,
                                  ExecutorService routerBackground, ScheduledExecutorService routerScheduler) {
        HttpClient streams = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.backend().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new UpstreamClient(properties.backend().connectTimeout(), streams, scanner, json,
                (int) Math.min(Integer.MAX_VALUE - 8, properties.limits().maxBackendMessageSize().toBytes()),
                routerBackground, routerScheduler, properties.apiToken());
    }

    @Bean
    Breakers breakers(RouterProperties properties, Clock clock) {
        return new Breakers(properties.breaker(), clock);
    }

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

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
