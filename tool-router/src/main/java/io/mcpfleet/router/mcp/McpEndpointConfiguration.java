package io.mcpfleet.router.mcp;

import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.security.McpGuard;
import io.mcpfleet.router.security.McpSecurityFilter;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.servlet.filter.OrderedRequestContextFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Mounts the MCP endpoint at {@code /mcp} as a plain servlet (no MVC dispatch on the hot path)
 * behind its security filter.
 */
@Configuration(proxyBeanMethods = false)
class McpEndpointConfiguration {

    static final String PATH = "/mcp";
    private static final String ACTUATOR = "/actuator/*";

    /**
     * Spring MVC's request-context and HTTP-observation filters serve the actuator: the MCP
     * endpoint, a plain servlet with metrics of its own, needs neither, and on a relayed call they
     * cost about as much as the router's own work. They are mapped to the actuator's paths only
     * (the encoding and form filters are off: see application.yml).
     */
    @Bean
    static BeanPostProcessor actuatorOnlyObservationFilter() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof FilterRegistrationBean<?> registration
                        && registration.getFilter() instanceof ServerHttpObservationFilter) {
                    registration.setUrlPatterns(List.of(ACTUATOR));
                }
                return bean;
            }
        };
    }

    @Bean
    OrderedRequestContextFilter requestContextFilter() {
        return new OrderedRequestContextFilter();
    }

    @Bean
    FilterRegistrationBean<OrderedRequestContextFilter> requestContextFilterRegistration(
            OrderedRequestContextFilter filter) {
        FilterRegistrationBean<OrderedRequestContextFilter> bean = new FilterRegistrationBean<>(filter);
        bean.addUrlPatterns(ACTUATOR);
        bean.setOrder(filter.getOrder());
        return bean;
    }

    @Bean
    McpGuard mcpGuard(RouterProperties properties) {
        return new McpGuard(properties.allowedHosts(), properties.routerToken());
    }

    @Bean
    PostRules postRules(SessionRegistry sessions, RouterProperties properties) {
        return new PostRules(sessions, properties.limits().maxRequestSize().toBytes());
    }

    @Bean
    LoopPost loopPost(McpGuard guard, PostRules rules, EnvelopeScanner scanner, ModernPost modern,
                      MessageHandler handler, SessionRegistry sessions) {
        return new LoopPost(guard, rules, scanner, modern, handler, sessions);
    }

    @Bean
    ServletRegistrationBean<McpServlet> mcpServlet(SessionRegistry sessions, MessageHandler handler,
                                                   RouterMethods methods, EnvelopeScanner scanner,
                                                   ModernPost modern, PostRules rules) {
        McpServlet servlet = new McpServlet(sessions, handler, methods, scanner, modern, rules);
        ServletRegistrationBean<McpServlet> bean = new ServletRegistrationBean<>(servlet, PATH, PATH + "/");
        bean.setAsyncSupported(true);
        bean.setLoadOnStartup(1);
        bean.setName("mcp");
        return bean;
    }

    @Bean
    FilterRegistrationBean<McpSecurityFilter> mcpSecurityFilter(McpGuard guard) {
        FilterRegistrationBean<McpSecurityFilter> bean = new FilterRegistrationBean<>(new McpSecurityFilter(guard));
        bean.addUrlPatterns(PATH, PATH + "/");
        bean.setOrder(0);
        return bean;
    }
}
