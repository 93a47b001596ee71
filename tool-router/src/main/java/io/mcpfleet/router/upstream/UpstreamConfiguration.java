package io.mcpfleet.router.upstream;

import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.json.EnvelopeScanner;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The client the router talks to backends with. */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

    /**
     * Talks to backends over {@link HttpTransport}: POSTs (every call) on the calling thread over
     * pooled keep-alive connections; GET streams, which may stay open for hours, and DELETEs on an
     * asynchronous client that reads streams without a thread each.
     */
    @Bean(destroyMethod = "shutdown")
    UpstreamClient upstreamClient(RouterProperties properties, EnvelopeScanner scanner, JsonMapper json,
                                  ExecutorService routerBackground, ScheduledExecutorService routerScheduler) {
        HttpClient streams = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.backend().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        int maxMessageBytes = (int) Math.min(Integer.MAX_VALUE - 8,
                properties.limits().maxBackendMessageSize().toBytes());
        HttpTransport transport = new HttpTransport(properties.backend().connectTimeout(), streams, maxMessageBytes,
                routerScheduler, properties.apiToken());
        return new UpstreamClient(transport, scanner, json, routerBackground);
    }
}
