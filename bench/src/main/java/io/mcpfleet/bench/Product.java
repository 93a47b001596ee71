package io.mcpfleet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The product jars, started as users start them (the README's {@code java @<app>.args}, see
 * {@link Launches}), with their start-up time to ready.
 */
final class Product {

    /**
     * A running product process.
     *
     * @param startup    from launch to ready
     * @param startupCpu the CPU time the process spent until ready (less sensitive than wall time to
     *                   what else runs on the machine)
     */
    record Running(Proc proc, int port, Duration startup, Duration startupCpu) implements AutoCloseable {

        String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            proc.close();
        }
    }

    private Product() {
    }

    static Running manager(Setup setup, String name, Path config, String... extraArgs) {
        return manager(setup, name, setup.java(), config, extraArgs);
    }

    static Running manager(Setup setup, String name, String java, Path config, String... extraArgs) {
        return manager(setup, name, java, setup.plainJar(), config, extraArgs);
    }

    /** @param plainJar {@code java -jar} rather than the argument file */
    static Running manager(Setup setup, String name, String java, boolean plainJar, Path config,
                           String... extraArgs) {
        int port = Setup.freePort();
        List<String> command = new ArrayList<>(Launches.command(setup, java, Launches.App.MANAGER, plainJar));
        command.addAll(List.of("--server.port=" + port, "--fleet.config=" + config, "--fleet.name=" + setup.fleet()));
        command.addAll(List.of(extraArgs));
        Proc p = Proc.start(name, command, Map.of(), setup.work(), setup.logs());
        Duration startup = p.awaitHttp200("http://127.0.0.1:" + port + "/actuator/health/readiness", Duration.ofSeconds(120));
        return new Running(p, port, startup, Duration.ofNanos(p.cpuNanos()));
    }

    static Running router(Setup setup, String name, String java, String managerUrl, String... extraArgs) {
        return router(setup, name, java, setup.plainJar(), managerUrl, extraArgs);
    }

    /** @param plainJar {@code java -jar} rather than the argument file */
    static Running router(Setup setup, String name, String java, boolean plainJar, String managerUrl,
                          String... extraArgs) {
        int port = Setup.freePort();
        List<String> command = new ArrayList<>(Launches.command(setup, java, Launches.App.ROUTER, plainJar));
        command.addAll(List.of("--server.port=" + port, "--fleet.manager-url=" + managerUrl,
                "--fleet.data-dir=" + setup.work().resolve(name + "-data"), "--fleet.router-id=" + name));
        command.addAll(List.of(extraArgs));
        Proc p = Proc.start(name, command, Map.of(), setup.work(), setup.logs());
        Duration startup = p.awaitHttp200("http://127.0.0.1:" + port + "/actuator/health/readiness", Duration.ofSeconds(120));
        return new Running(p, port, startup, Duration.ofNanos(p.cpuNanos()));
    }
}
