package io.mcpfleet.router.mcp;

import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.security.McpSecurityFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mounts the MCP endpoint at {@code /mcp} as a plain servlet (no MVC dispatch on the hot path)
 * behind its security filter.
 */
@Configuration(proxyBeanMethods = false)
class McpEndpointConfiguration {

    static final String PATH = "/mcp";

    @Bean
    ServletRegistrationBean<McpServlet> mcpServlet(SessionRegistry sessions, MessageHandler handler,
                                                   RouterMethods methods, EnvelopeScanner scanner,
                                                   RouterProperties properties) {
        McpServlet servlet = new McpServlet(sessions, handler, methods, scanner,
                properties.limits().maxRequestSize().toBytes());
        ServletRegistrationBean<McpServlet> bean = new ServletRegistrationBean<>(servlet, PATH, PATH + "/");
        bean.setAsyncSupported(true);
        bean.setLoadOnStartup(1);
        bean.setName("mcp");
        return bean;
    }

    @Bean
    FilterRegistrationBean<McpSecurityFilter> mcpSecurityFilter(RouterProperties properties) {
        FilterRegistrationBean<McpSecurityFilter> bean = new FilterRegistrationBean<>(
                new McpSecurityFilter(properties.allowedHosts(), properties.routerToken()));
        bean.addUrlPatterns(PATH, PATH + "/");
        bean.setOrder(0);
        return bean;
    }
}
