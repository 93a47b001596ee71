package io.mcpfleet.router;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The tool-router: one MCP endpoint in front of the whole fleet. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ToolRouterApplication {
    public static void main(String[] args) {
        SpringApplication.run(ToolRouterApplication.class, args);
    }
}
