package io.mcpfleet.router;

import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.json.EnvelopeScanner;
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

/**
 * What every part of the router shares: the clock, the executors, the envelope scanner. The
 * features wire themselves (their own {@code *Configuration} classes and components); this class
 * sits in the application's root package, which no feature imports, so wiring adds no package cycle.
 */
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

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
