package io.mcpfleet.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Router overhead: {@code tools/call} of a fast tool on one backend, reached directly, through
 * nginx (keep-alive reverse proxy) and through the router; calls/s at 32 connections, p50/p99 at 2,
 * and the CPU each proxy spends per call. Targets are interleaved round by round and the median
 * round is reported, so a burst of other work on the machine hits all three alike.
 */
final class OverheadScenario {

    private static final String AREA = "overhead";
    private static final String MODERN = "router, 2026-07-28 client";

    private final Setup setup;
    private final Table table;

    OverheadScenario(Setup setup, Table table) {
        this.setup = setup;
        this.table = table;
    }

    /** One way to the backend: its URL, its session, the tool name there, and the process(es) to charge CPU to. */
    private record Target(String name, String url, String session, String tool, java.util.function.LongSupplier cpu) {
    }

    void run() throws IOException {
        Wrk wrk = new Wrk(setup.work());
        try (Backend backend = Backend.start(setup); Nginx nginx = Nginx.start(setup, backend.port, "echo");
             Product.Running router = Product.router(setup, "router-overhead", setup.java(),
                     "http://127.0.0.1:" + nginx.managerStubPort)) {
            table.add(Row.info(AREA, "backend", backend.kind));
            Target direct = target("direct", backend.port, "echo", backend::cpuNanos);
            Target proxied = target("nginx", nginx.proxyPort, "echo", nginx::cpuNanos);
            Target routed = target("router", router.port(), "echo__echo", router.proc()::cpuNanos);
            // The same router, called as a 2026-07-28 client calls (no session; the backend stays 2025).
            Target modern = new Target(MODERN, routed.url(), null, "echo__echo", router.proc()::cpuNanos);
            measure(wrk, List.of(direct, proxied, routed, modern), "");
        }
        comparePooled(wrk);
        if (setup.altJava() != null && !setup.smoke()) {
            compareOtherJava(wrk);
        }
    }

    /**
     * The same with the service stateless: both eras' calls go through the router's pooled backend
     * session, so what is left between them is the 2026-07-28 path's own cost (a stateful service
     * gives a modern client a backend session per request).
     */
    private void comparePooled(Wrk wrk) throws IOException {
        try (Backend backend = Backend.start(setup); Nginx nginx = Nginx.start(setup, backend.port, "echo", "stateless");
             Product.Running router = Product.router(setup, "router-pooled", setup.java(),
                     "http://127.0.0.1:" + nginx.managerStubPort)) {
            Target direct = target("direct", backend.port, "echo", backend::cpuNanos);
            Target proxied = target("nginx", nginx.proxyPort, "echo", nginx::cpuNanos);
            Target routed = target("router", router.port(), "echo__echo", router.proc()::cpuNanos);
            Target modern = new Target(MODERN, routed.url(), null, "echo__echo", router.proc()::cpuNanos);
            measure(wrk, List.of(direct, proxied, routed, modern), " (stateless service)");
        }
    }

    private void measure(Wrk wrk, List<Target> targets, String suffix) {
        int seconds = setup.loadSeconds();
        for (Target t : targets) {
            // JIT warm-up for the router; a short one for the others so every target starts equal.
            wrk.run(t.url, t.session, t.tool, 32, t.name.startsWith("router") ? (setup.smoke() ? 3 : 15) : 2);
        }
        List<List<Double>> rps = lists(targets.size());
        List<List<Double>> cpu = lists(targets.size());
        List<List<Double>> p50 = lists(targets.size());
        List<List<Double>> p99 = lists(targets.size());
        for (int round = 0; round < setup.rounds(); round++) {
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                long c0 = t.cpu.getAsLong();
                Wrk.Result r = wrk.run(t.url, t.session, t.tool, 32, seconds);
                long c1 = t.cpu.getAsLong();
                check(t, r);
                rps.get(i).add(r.callsPerSecond());
                cpu.get(i).add((c1 - c0) / 1000.0 / Math.max(1, r.calls()));
                Wrk.Result l = wrk.run(t.url, t.session, t.tool, 2, seconds);
                check(t, l);
                p50.get(i).add(l.p50Millis());
                p99.get(i).add(l.p99Millis());
            }
        }
        int last = targets.size() - 1;
        double nginxRps = median(rps.get(Math.min(1, last)));
        double directP50 = median(p50.get(0));
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            double r = median(rps.get(i));
            String what = "calls/s at 32 connections, " + t.name + suffix;
            if (t.name.equals(MODERN)) {
                double legacy = median(rps.get(2));
                table.add(new Row(AREA, what, Fmt.rate(r), "router, 2025 session " + Fmt.rate(legacy),
                        Fmt.ratio(r / legacy), "", ""));
            } else if (t.name.startsWith("router")) {
                table.add(new Row(AREA, what, Fmt.rate(r), "nginx " + Fmt.rate(nginxRps), Fmt.ratio(r / nginxRps),
                        ">= 0.80x nginx", Fmt.verdict(r / nginxRps >= 0.8)));
            } else if (t.name.equals("nginx")) {
                table.add(new Row(AREA, what, Fmt.rate(r), "direct " + Fmt.rate(median(rps.get(0))),
                        Fmt.ratio(r / median(rps.get(0))), "", ""));
            } else {
                table.add(Row.info(AREA, what, Fmt.rate(r)));
            }
        }
        for (int i = 1; i < targets.size(); i++) {
            table.add(Row.info(AREA, "CPU per call, " + targets.get(i).name + suffix + " process",
                    Fmt.micros(median(cpu.get(i)))));
        }
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            double m = median(p50.get(i));
            String what = "p50 at 2 connections, " + t.name + suffix;
            if (i == 0) {
                table.add(Row.info(AREA, what, Fmt.ms(m)));
            } else {
                boolean router = t.name.startsWith("router");
                table.add(new Row(AREA, what, Fmt.ms(m), "direct " + Fmt.ms(directP50), Fmt.plusMs(m - directP50),
                        router ? "<= +1 ms" : "", router ? Fmt.verdict(m - directP50 <= 1.0) : ""));
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            table.add(Row.info(AREA, "p99 at 2 connections, " + targets.get(i).name + suffix,
                    Fmt.ms(median(p99.get(i)))));
        }
    }

    /** The same router on another java (Java 17: platform threads), against the same baselines. */
    private void compareOtherJava(Wrk wrk) throws IOException {
        try (Backend backend = Backend.start(setup); Nginx nginx = Nginx.start(setup, backend.port, "echo");
             Product.Running router = Product.router(setup, "router-altjava", setup.altJava(),
                     "http://127.0.0.1:" + nginx.managerStubPort)) {
            Target direct = target("direct", backend.port, "echo", backend::cpuNanos);
            Target proxied = target("nginx", nginx.proxyPort, "echo", nginx::cpuNanos);
            Target routed = target("router", router.port(), "echo__echo", router.proc()::cpuNanos);
            measure(wrk, List.of(direct, proxied, routed), " (" + JavaVersion.of(setup.altJava()) + ")");
        }
    }

    private Target target(String name, int port, String tool, java.util.function.LongSupplier cpu) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            // The router lists the backend's tools once it has learned them: try until it does.
            try (Mcp probe = Mcp.open("127.0.0.1", port, "/mcp", 5000)) {
                if (!"hello".equals(probe.call(tool, "{\"text\":\"hello\"}"))) {
                    throw new IllegalStateException(name + " did not echo");
                }
                // wrk carries on in this session over connections of its own.
                return new Target(name, "http://127.0.0.1:" + port + "/mcp", probe.session(), tool, cpu);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Sleep.millis(200);
            }
        }
    }

    private static void check(Target t, Wrk.Result r) {
        if (r.errors() > 0 || r.calls() == 0) {
            throw new IllegalStateException(t.name + ": " + r.errors() + " failed calls of " + r.calls());
        }
    }

    private static List<List<Double>> lists(int n) {
        List<List<Double>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }

    static double median(List<Double> values) {
        return Stats.of(values).median();
    }
}
