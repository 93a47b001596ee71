package io.mcpfleet.bench;

import io.mcpfleet.api.InstanceState;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.api.ServiceStatus;
import io.mcpfleet.testsupport.ManagerApi;
import java.io.IOException;
import java.time.Duration;

/**
 * The manager and the router on the scenario fleet ({@link FleetFiles#scenarios}), as users run
 * them, plus what the scenarios need from them: a router session, and a service put back to sleep
 * (or, when this build's manager does not put idle services to sleep, stopped).
 */
final class ScenarioFleet implements AutoCloseable {

    final Setup setup;
    final Product.Running manager;
    final Product.Running router;
    final ManagerApi api;
    /** Once a service failed to fall asleep, the others are not waited for: this manager does not sleep them. */
    private boolean sleeps = true;

    private ScenarioFleet(Setup setup, Product.Running manager, Product.Running router) {
        this.setup = setup;
        this.manager = manager;
        this.router = router;
        this.api = new ManagerApi(manager.url(), null);
    }

    static ScenarioFleet start(Setup setup) {
        return start(setup, Product.manager(setup, "manager", FleetFiles.scenarios(setup)));
    }

    /**
     * The Swarm scenario's fleet ({@link FleetFiles#swarm}) with the manager on {@code fleet.runtime: swarm}
     * (after the plain-engine fleet has gone: they share the fleet name); the router waits longer for the manager's answer to a start, as
     * deploy/swarm does, since a Swarm start answers once its task runs.
     */
    static ScenarioFleet startSwarm(Setup setup) {
        Product.Running manager = Product.manager(setup, "manager-swarm", FleetFiles.swarm(setup),
                "--fleet.runtime=swarm");
        try {
            Product.Running router = Product.router(setup, "router-swarm", setup.java(), manager.url(),
                    "--fleet.discovery.request-timeout=30s");
            return new ScenarioFleet(setup, manager, router);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static ScenarioFleet start(Setup setup, Product.Running manager) {
        try {
            Product.Running router = Product.router(setup, "router", setup.java(), manager.url());
            return new ScenarioFleet(setup, manager, router);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A new client session with the router. */
    Mcp session() throws IOException {
        return Mcp.open("127.0.0.1", router.port(), "/mcp", 120_000);
    }

    /**
     * Waits until the service sleeps by its own idle policy ({@code mode} {@code stop} or
     * {@code pause}) with its container stopped or paused; false if it did not within the timeout.
     */
    boolean awaitAsleep(String service, Duration timeout) {
        if (!sleeps) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ServiceStatus s = api.status(service);
            if (s.state() == ServiceState.SLEEPING && s.instances().stream().noneMatch(i ->
                    i.state() == InstanceState.RUNNING || i.state() == InstanceState.STARTING
                            || i.state() == InstanceState.DRAINING)) {
                return true;
            }
            Sleep.millis(50);
        }
        sleeps = false;
        return false;
    }

    /** Stops the service through the API and waits until none of its containers is left. */
    void stop(String service) {
        api.stop(service);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!api.status(service).instances().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("service " + service + " did not stop within 60 s");
            }
            Sleep.millis(50);
        }
    }

    @Override
    public void close() {
        router.close();
        manager.close();
    }
}
