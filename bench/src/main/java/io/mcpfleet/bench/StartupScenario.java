package io.mcpfleet.bench;

import io.mcpfleet.startup.Training;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Start-up as users start the jars, the README's {@code java @<app>.args}: the manager on the example
 * fleet ({@code config/services.yml}, nothing started), then the router against it, each to
 * {@code /actuator/health/readiness} answering 200 with the machine to itself (the README's command
 * starts both at once: they then share the two cores). On every java the suite runs: the one on
 * {@code PATH} (the README's),
 * the suite's and the alternative one. Rounds are interleaved across javas; medians are reported.
 */
final class StartupScenario {

    private final Setup setup;
    private final Footprints footprints;

    StartupScenario(Setup setup, Footprints footprints) {
        this.setup = setup;
        this.footprints = footprints;
    }

    /** One round on one java. */
    private record Round(Duration managerWall, Duration managerCpu, long managerRss, Duration routerWall,
                         Duration routerCpu, long routerRss) {
    }

    void run() {
        Set<String> javas = new LinkedHashSet<>();
        javas.add(Training.realJava("java"));
        javas.add(Training.realJava(setup.java()));
        if (setup.altJava() != null && !setup.smoke()) {
            javas.add(Training.realJava(setup.altJava()));
        }
        for (String java : javas) {
            // Archives for another java are recorded now, outside the measured rounds.
            Launches.argsFile(setup, java, Launches.App.MANAGER);
            Launches.argsFile(setup, java, Launches.App.ROUTER);
        }
        List<List<Round>> rounds = new ArrayList<>();
        javas.forEach(j -> rounds.add(new ArrayList<>()));
        for (int r = 0; r < setup.rounds(); r++) {
            int i = 0;
            for (String java : javas) {
                rounds.get(i++).add(round(java, r));
            }
        }
        int i = 0;
        for (String java : javas) {
            report(JavaVersion.of(java) + (java.equals(Training.realJava("java")) ? " (java on PATH)" : ""),
                    rounds.get(i++));
        }
    }

    private Round round(String java, int r) {
        Duration mWall;
        Duration mCpu;
        long mRss;
        Duration rWall;
        Duration rCpu;
        long rRss;
        var config = setup.repo().resolve("config/services.yml");
        try (Product.Running manager = Product.manager(setup, "startup-manager-" + r, java, config)) {
            mWall = manager.startup();
            mCpu = manager.startupCpu();
            mRss = manager.proc().rssBytes();
            try (Product.Running router = Product.router(setup, "startup-router-" + r, java, manager.url())) {
                rWall = router.startup();
                rCpu = router.startupCpu();
                rRss = router.proc().rssBytes();
            }
        }
        return new Round(mWall, mCpu, mRss, rWall, rCpu, rRss);
    }

    private void report(String java, List<Round> rounds) {
        footprints.startup("manager on " + java, median(rounds, x -> x.managerWall().toNanos()),
                median(rounds, x -> x.managerCpu().toNanos()));
        footprints.rss("manager on " + java + ", after start", medianLong(rounds, Round::managerRss));
        footprints.startup("router on " + java, median(rounds, x -> x.routerWall().toNanos()),
                median(rounds, x -> x.routerCpu().toNanos()));
        footprints.rss("router on " + java + ", after start", medianLong(rounds, Round::routerRss));
    }

    private static Duration median(List<Round> rounds, ToLongFunction<Round> f) {
        return Duration.ofNanos(medianLong(rounds, f));
    }

    private static long medianLong(List<Round> rounds, ToLongFunction<Round> f) {
        long[] v = rounds.stream().mapToLong(f).sorted().toArray();
        return v[v.length / 2];
    }
}
