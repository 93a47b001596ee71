package io.mcpfleet.router.front;

import io.mcpfleet.router.mcp.LoopPost;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The router's web server factory: Spring Boot's Tomcat factory (every {@code server.*} and
 * {@code server.tomcat.*} customizer still applies to it), which in {@code router.front-end=netty}
 * moves Tomcat to 127.0.0.1 on an ephemeral port and puts the Netty front end on the address and
 * port the user configured. Defined here, Spring Boot's own Tomcat factory backs off.
 */
@Configuration(proxyBeanMethods = false)
class FrontEndConfiguration {

    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory(
            Environment env, ObjectProvider<LoopPost> lane,
            ObjectProvider<TomcatConnectorCustomizer> connectorCustomizers,
            ObjectProvider<TomcatContextCustomizer> contextCustomizers,
            ObjectProvider<TomcatProtocolHandlerCustomizer<?>> protocolHandlerCustomizers) {
        FrontedFactory factory = new FrontedFactory(env, lane);
        factory.getConnectorCustomizers().addAll(connectorCustomizers.orderedStream().toList());
        factory.getContextCustomizers().addAll(contextCustomizers.orderedStream().toList());
        factory.getProtocolHandlerCustomizers().addAll(protocolHandlerCustomizers.orderedStream().toList());
        return factory;
    }

    static final class FrontedFactory extends TomcatServletWebServerFactory {

        private final Environment env;
        private final ObjectProvider<LoopPost> lane;

        FrontedFactory(Environment env, ObjectProvider<LoopPost> lane) {
            this.env = env;
            this.lane = lane;
        }

        @Override
        public WebServer getWebServer(ServletContextInitializer... initializers) {
            FrontEnd config = FrontEnd.of(env);
            if (!config.netty()) {
                return super.getWebServer(initializers);
            }
            Ssl ssl = getSsl();
            if (ssl != null && ssl.isEnabled()) {
                throw new IllegalStateException("router.front-end=netty serves plain HTTP: with server.ssl "
                        + "set router.front-end=servlet (or terminate TLS in front of the router)");
            }
            InetAddress address = getAddress();
            int port = getPort();
            setAddress(InetAddress.getLoopbackAddress());
            setPort(0);
            // The front holds each Tomcat connection exactly as long as its client's: no idle timeout of Tomcat's own.
            addConnectorCustomizers(connector -> connector.setProperty("keepAliveTimeout", "-1"));
            WebServer tomcat = super.getWebServer(initializers);
            AtomicReference<FrontedWebServer> server = new AtomicReference<>();
            FrontServer.Settings settings = new FrontServer.Settings(lane.getIfAvailable(), FrontTransport.best(),
                    () -> server.get().tomcatAddress(), config.maxHeaderBytes(), config.idleTimeout());
            server.set(new FrontedWebServer(tomcat, address, port, config, settings,
                    getShutdown() == Shutdown.GRACEFUL));
            return server.get();
        }
    }
}
