package io.mcpfleet.router.server;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.autoconfigure.TomcatVirtualThreadsWebServerFactoryCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Tomcat runs requests on virtual threads when the router starts on Java 21+ with
 * {@code spring.threads.virtual.enabled} (on by default), decided when it starts. Spring Boot makes
 * that choice itself, but in an AOT-processed start (the README's command, the images) its choice
 * was made at build time, where the jar must suit Java 17 too (the build processes it with virtual
 * threads off); this makes it again at run time. On a start without AOT both customizers set the
 * same executor.
 */
@Configuration(proxyBeanMethods = false)
class VirtualThreads {

    static final int FIRST_RELEASE = 21;

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> virtualThreadsWhenAvailable(Environment env) {
        boolean wanted = env.getProperty("spring.threads.virtual.enabled", Boolean.class, false);
        if (wanted && Runtime.version().feature() >= FIRST_RELEASE) {
            return new TomcatVirtualThreadsWebServerFactoryCustomizer();
        }
        return factory -> { };
    }
}
