package io.mcpfleet.router;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ToolRouterApplication {
    public static void main(String[] args) {
        SpringApplication.run(ToolRouterApplication.class, args);
    }
}
