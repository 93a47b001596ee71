package io.mcpfleet.manager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ServiceManagerApplication {
    public static void main(String[] args) {
        // First: the common pool reads its parallelism once, when something first uses it.
        CommonPoolParallelism.ensure();
        SpringApplication.run(ServiceManagerApplication.class, args);
    }
}
