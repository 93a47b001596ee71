package io.mcpfleet.bench;

import io.mcpfleet.api.InstanceView;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * stdio servers through the manager's bridge: {@code tools/call} of a tiny stdio server
 * ({@code stdio-echo.js}) through the router and the bridge, through the bridge alone, in a container
 * over the engine's attach driven directly (what any bridge through the engine starts from), and over
 * its own pipes as a child process with nothing in between (the baseline), in rounds side by side; then
 * a call that wakes a stdio service asleep in stop mode (the process starts and is initialized) and
 * in pause mode, each against what the engine needs for the same container driven directly (attach,
 * start or unpause, to the first answer on stdout).
 */
final class StdioScenario {

    private static final String AREA = "stdio";
    private static final Duration SLEEP_WAIT = Duration.ofSeconds(20);
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"" + Mcp.VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"floor\","
            + "\"version\":\"1\"}}}";

    private final ScenarioFleet fleet;
    private final Table table;

    StdioScenario(ScenarioFleet fleet, Table table) {
        this.fleet = fleet;
        this.table = table;
    }

    void run() throws IOException {
        throughput();
        wakes();
    }

    private record Target(String name, String url, String session, String tool) {
    }

    private void throughput() throws IOException {
        Setup setup = fleet.setup;
        Wrk wrk = new Wrk(setup.work());
        Target routed = routed();
        Target bridged = bridged();
        Path script = setup.repo().resolve(FleetFiles.STDIO_ECHO_SCRIPT);
        List<Double> pipeRps = new ArrayList<>();
        List<Double> pipeP50 = new ArrayList<>();
        List<Double> attachRps = new ArrayList<>();
        List<Double> attachP50 = new ArrayList<>();
        List<Double> routedRps = new ArrayList<>();
        List<Double> routedP50 = new ArrayList<>();
        List<Double> bridgedRps = new ArrayList<>();
        List<Double> bridgedP50 = new ArrayList<>();
        int seconds = setup.loadSeconds();
        Engine engine = setup.engine();
        String container = engine.createStdio("bench-stdio-attach-" + System.nanoTime(), FleetFiles.STDIO_ECHO,
                Map.of(Setup.LABEL, "attach"));
        try (StdioPipe pipe = StdioPipe.start(script, setup.logs());
             StdioAttachment attachment = engine.attach(container)) {
            engine.start(container);
            StdioDriver attached = new StdioDriver(attachment::send);
            attachment.listen(attached::onLine);
            attached.initialize();
            // JIT warm-up of both JVMs on the path, and of node
            wrk.run(routed.url, routed.session, routed.tool, 32, setup.smoke() ? 3 : 15);
            pipe.run(32, 2);
            attached.run(32, 2);
            for (int round = 0; round < setup.rounds(); round++) {
                pipeRps.add(pipe.run(32, seconds).callsPerSecond());
                pipeP50.add(pipe.run(2, seconds).p50Millis());
                attachRps.add(attached.run(32, seconds).callsPerSecond());
                attachP50.add(attached.run(2, seconds).p50Millis());
                Wrk.Result r = checked(routed, wrk.run(routed.url, routed.session, routed.tool, 32, seconds));
                routedRps.add(r.callsPerSecond());
                routedP50.add(checked(routed, wrk.run(routed.url, routed.session, routed.tool, 2, seconds)).p50Millis());
                Wrk.Result b = checked(bridged, wrk.run(bridged.url, bridged.session, bridged.tool, 32, seconds));
                bridgedRps.add(b.callsPerSecond());
                bridgedP50.add(checked(bridged, wrk.run(bridged.url, bridged.session, bridged.tool, 2, seconds))
                        .p50Millis());
            }
        } finally {
            engine.remove(container);
        }
        double pipe = median(pipeRps);
        double pipeLatency = median(pipeP50);
        table.add(Row.info(AREA, "calls/s at 32 callers, stdio echo over its own pipes (node, no container)",
                Fmt.rate(pipe)));
        for (Object[] t : new Object[][] {{"the same server in a container, over the engine's attach (no manager)",
                attachRps}, {"bridge alone (wrk to the manager)", bridgedRps}, {"router + bridge", routedRps}}) {
            @SuppressWarnings("unchecked")
            double r = median((List<Double>) t[1]);
            table.add(new Row(AREA, "calls/s at 32 callers, " + t[0], Fmt.rate(r), "pipe " + Fmt.rate(pipe),
                    Fmt.ratio(r / pipe), "", ""));
        }
        table.add(Row.info(AREA, "p50 at 2 callers, over its own pipes", Fmt.ms(pipeLatency)));
        for (Object[] t : new Object[][] {{"over the engine's attach", attachP50}, {"bridge alone", bridgedP50},
                {"router + bridge", routedP50}}) {
            @SuppressWarnings("unchecked")
            double m = median((List<Double>) t[1]);
            table.add(new Row(AREA, "p50 at 2 callers, " + t[0], Fmt.ms(m), "pipe " + Fmt.ms(pipeLatency),
                    Fmt.plusMs(m - pipeLatency), "", ""));
        }
    }

    /** The router's session with the echo service (which the first call starts). */
    private Target routed() throws IOException {
        int port = fleet.router.port();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try (Mcp probe = Mcp.open("127.0.0.1", port, "/mcp", 60_000)) {
                probe.call(FleetFiles.STDIO_SERVICE + "__echo", "{\"text\":\"hello\"}");
                return new Target("router", "http://127.0.0.1:" + port + "/mcp", probe.session(),
                        FleetFiles.STDIO_SERVICE + "__echo");
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Sleep.millis(200);
            }
        }
    }

    /** A session straight at the bridge's endpoint of the echo service's instance. */
    private Target bridged() throws IOException {
        List<InstanceView> instances = fleet.api.status(FleetFiles.STDIO_SERVICE).instances();
        if (instances.isEmpty() || instances.get(0).endpoint() == null) {
            throw new IllegalStateException("the stdio echo service has no running instance");
        }
        String path = URI.create(instances.get(0).endpoint()).getPath() + "/mcp";
        try (Mcp probe = Mcp.open("127.0.0.1", fleet.manager.port(), path, 60_000)) {
            if (!"hello".equals(probe.call("echo", "{\"text\":\"hello\"}"))) {
                throw new IllegalStateException("the bridge did not echo");
            }
            return new Target("bridge", "http://127.0.0.1:" + fleet.manager.port() + path, probe.session(), "echo");
        }
    }

    private void wakes() throws IOException {
        int rounds = fleet.setup.smoke() ? 1 : 5;
        List<Double> stop = new ArrayList<>();
        List<Double> stopFloor = new ArrayList<>();
        List<Double> pause = new ArrayList<>();
        List<Double> pauseFloor = new ArrayList<>();
        try (Mcp client = fleet.session()) {
            client.call("stdio-cold__echo", "{\"text\":\"first\"}");
            client.call("stdio-warm__echo", "{\"text\":\"first\"}");
            for (int i = 0; i < rounds; i++) {
                double[] floors = floors();
                stopFloor.add(floors[0]);
                pauseFloor.add(floors[1]);
                if (fleet.awaitAsleep("stdio-cold", SLEEP_WAIT)) {
                    stop.add(timedCall(client, "stdio-cold"));
                }
                if (fleet.awaitAsleep("stdio-warm", SLEEP_WAIT)) {
                    pause.add(timedCall(client, "stdio-warm"));
                }
            }
        }
        report("cold wake of a stdio service, asleep in stop mode (new process, initialized)", stop, stopFloor, 300,
                true);
        report("warm wake of a stdio service, asleep in pause mode", pause, pauseFloor, 100, false);
    }

    private static double timedCall(Mcp client, String service) throws IOException {
        long t0 = System.nanoTime();
        client.call(service + "__echo", "{\"text\":\"wake\"}");
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * The engine's floors for the stdio echo image, driven directly: a stopped container attached and
     * started to its first answer to {@code initialize}; a paused one unpaused to its answer to a ping.
     */
    private double[] floors() throws IOException {
        Engine engine = fleet.setup.engine();
        String id = engine.createStdio("bench-stdio-floor-" + System.nanoTime(), FleetFiles.STDIO_ECHO,
                Map.of(Setup.LABEL, "floor"));
        try {
            try (StdioAttachment first = engine.attach(id)) {
                engine.start(id);
                first.send(INITIALIZE);
                first.await("\"id\":1", deadline());
            }
            engine.stop(id, 10);
            long t0 = System.nanoTime();
            double cold;
            double warm;
            try (StdioAttachment attached = engine.attach(id)) {
                engine.start(id);
                attached.send(INITIALIZE);
                attached.await("\"id\":1", deadline());
                cold = (System.nanoTime() - t0) / 1e6;
                engine.pause(id);
                Sleep.millis(200);
                long t1 = System.nanoTime();
                engine.unpause(id);
                attached.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
                attached.await("\"id\":2", deadline());
                warm = (System.nanoTime() - t1) / 1e6;
            }
            return new double[] {cold, warm};
        } finally {
            engine.remove(id);
        }
    }

    private void report(String what, List<Double> wakes, List<Double> floors, double allowance, boolean overFloor) {
        if (wakes.isEmpty()) {
            table.add(Row.unavailable(AREA, what, "the manager did not put the idle service to sleep within "
                    + SLEEP_WAIT.toSeconds() + " s"));
            return;
        }
        Stats wake = Stats.of(wakes);
        double w = wake.median();
        double f = median(floors);
        String target = overFloor ? "<= floor + " + (int) allowance + " ms" : "<= " + (int) allowance + " ms";
        boolean met = overFloor ? w <= f + allowance : w <= allowance;
        table.add(new Row(AREA, what + ", median of " + wake.count(), Fmt.ms(w) + " (max " + Fmt.ms(wake.max()) + ")",
                "engine floor " + Fmt.ms(f), Fmt.plusMs(w - f), target, Fmt.verdict(met)));
    }

    private static Wrk.Result checked(Target t, Wrk.Result r) {
        if (r.errors() > 0 || r.calls() == 0) {
            throw new IllegalStateException(t.name + ": " + r.errors() + " failed calls of " + r.calls());
        }
        return r;
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    }

    private static double median(List<Double> values) {
        return Stats.of(values).median();
    }
}
