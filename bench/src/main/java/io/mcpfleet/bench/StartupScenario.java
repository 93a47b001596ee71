package io.mcpfleet.bench;

import io.mcpfleet.startup.Training;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Start-up as users start the jars, the README's {@code java @<app>.args}, against plain
 * {@code java -jar} in the same rounds: the manager on the example fleet ({@code config/services.yml},
 * nothing started), then the router against it, each to {@code /actuator/health/readiness}
 * answering 200 with the machine to itself (the README's command starts both at once: they then
 * share the two cores). On every java the suite runs: the build's (what the README's
 * {@code target/bin/<app>} runs), the suite's and the alternative one. Rounds are interleaved; medians are reported.
 */
final class StartupScenario {

    private final Setup setup;
    private final Footprints footprints;

    StartupScenario(Setup setup, Footprints footprints) {
        this.setup = setup;
        this.footprints = footprints;
    }

    /** The manager and the router started once, one way, on one java. */
    private record Round(Duration managerWall, Duration managerCpu, long managerRss, Duration routerWall,
                         Duration routerCpu, long routerRss) {
    }

    void run() {
        Set<String> javas = new LinkedHashSet<>();
        // The README's command, target/bin/<app>, runs the build's java with the build's argument file.
        String readme = Launches.buildJava(setup, Launches.App.ROUTER);
        javas.add(readme);
        javas.add(Training.realJava(setup.java()));
        if (setup.altJava() != null && !setup.smoke()) {
            javas.add(Training.realJava(setup.altJava()));
        }
        for (String java : javas) {
            // Archives for another java are recorded now, outside the measured rounds.
            Launches.argsFile(setup, java, Launches.App.MANAGER);
            Launches.argsFile(setup, java, Launches.App.ROUTER);
        }
        List<List<Round>> args = new ArrayList<>();
        List<List<Round>> jar = new ArrayList<>();
        for (String ignored : javas) {
            args.add(new ArrayList<>());
            jar.add(new ArrayList<>());
        }
        for (int r = 0; r < setup.rounds(); r++) {
            int i = 0;
            for (String java : javas) {
                args.get(i).add(round(java, false, r));
                jar.get(i).add(round(java, true, r));
                i++;
            }
        }
        int i = 0;
        for (String java : javas) {
            report(JavaVersion.of(java) + (java.equals(readme) ? " (the build's: README's target/bin/<app>)" : ""), args.get(i), jar.get(i));
            i++;
        }
    }

    private Round round(String java, boolean plainJar, int r) {
        String how = plainJar ? "jar" : "args";
        Path config = setup.repo().resolve("config/services.yml");
        try (Product.Running manager = Product.manager(setup, "startup-manager-" + how + "-" + r, java, plainJar,
                config)) {
            try (Product.Running router = Product.router(setup, "startup-router-" + how + "-" + r, java, plainJar,
                    manager.url())) {
                return new Round(manager.startup(), manager.startupCpu(), manager.proc().rssBytes(),
                        router.startup(), router.startupCpu(), router.proc().rssBytes());
            }
        }
    }

    private void report(String java, List<Round> args, List<Round> jar) {
        report("manager on " + java, args, jar, Round::managerWall, Round::managerCpu, Round::managerRss);
        report("router on " + java, args, jar, Round::routerWall, Round::routerCpu, Round::routerRss);
    }

    private void report(String what, List<Round> args, List<Round> jar, Function<Round, Duration> wall,
                        Function<Round, Duration> cpu, ToLongFunction<Round> rss) {
        footprints.startup(what, median(args, x -> wall.apply(x).toNanos()), median(args, x -> cpu.apply(x).toNanos()),
                median(jar, x -> wall.apply(x).toNanos()), median(jar, x -> cpu.apply(x).toNanos()));
        footprints.rss(what + ", after start", medianLong(args, rss), medianLong(jar, rss));
    }

    private static Duration median(List<Round> rounds, ToLongFunction<Round> f) {
        return Duration.ofNanos(medianLong(rounds, f));
    }

    private static long medianLong(List<Round> rounds, ToLongFunction<Round> f) {
        long[] v = rounds.stream().mapToLong(f).sorted().toArray();
        return v[v.length / 2];
    }
}
