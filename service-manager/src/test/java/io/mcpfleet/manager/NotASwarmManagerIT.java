package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.TestPaths;
import io.mcpfleet.testsupport.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The manager on {@code fleet.runtime: swarm} pointed (by {@code DOCKER_HOST}, as deployments do) at
 * an engine in no swarm: a throw-away second daemon, since the shared engine is a swarm manager.
 * The manager's jar runs as a process of its own, so that it gets that environment.
 */
class NotASwarmManagerIT {

    @Test
    void theManagerStopsAtStartUpSayingTheEngineIsNoSwarmManager() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "jar-process")).toAbsolutePath();
        Path config = Files.writeString(dir.resolve(TestRun.unique("no-swarm") + ".yml"), """
                services:
                  echo: {image: busybox, port: 8000, hardening: {no_new_privileges: false}}
                """);
        Path output = dir.resolve(TestRun.unique("no-swarm") + ".log");
        try (ThrowawayDockerd engine = ThrowawayDockerd.start()) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", TestPaths.serviceManagerJar().toString(), "--server.port=0",
                    "--fleet.config=" + config, "--fleet.name=" + TestRun.fleetName())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("DOCKER_HOST", engine.host());
            builder.environment().put("FLEET_RUNTIME", "swarm");
            Process manager = builder.start();
            try {
                assertThat(manager.waitFor(120, TimeUnit.SECONDS)).as("the manager exits").isTrue();
            } finally {
                manager.destroyForcibly();
            }

            String log = read(output);
            assertThat(manager.exitValue()).as(log).isNotZero();
            assertThat(log).contains("fleet.runtime: swarm needs a swarm manager, but the Docker engine at "
                    + engine.host() + " is no swarm");
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
