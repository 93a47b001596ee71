package io.mcpfleet.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A herd: N clients, each with its own session and connection opened beforehand, call a sleeping
 * service at the same moment. All must be served, by one container, and the slowest is what the
 * last of them felt.
 */
final class HerdScenario {

    private static final String AREA = "herd";

    private final ScenarioFleet fleet;
    private final Table table;

    HerdScenario(ScenarioFleet fleet, Table table) {
        this.fleet = fleet;
        this.table = table;
    }

    void run() throws Exception {
        for (int n : fleet.setup.smoke() ? new int[] {20} : new int[] {100, 500}) {
            herd(n);
        }
    }

    private void herd(int n) throws Exception {
        String how = putToSleep();
        List<Mcp> clients = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                clients.add(fleet.session());
            }
            long[] took = new long[n];
            AtomicInteger failed = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        long t0 = System.nanoTime();
                        clients.get(k).call("herd__echo", "{\"text\":\"" + k + "\"}");
                        took[k] = System.nanoTime() - t0;
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        synchronized (failures) {
                            failures.add(e.getMessage());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(Duration.ofMinutes(3).toMillis());
            }
            int containers = fleet.setup.engine().list("io.mcpfleet.service=herd").size();
            long[] ok = java.util.Arrays.stream(took).filter(v -> v > 0).toArray();
            Stats s = Stats.ofNanosAsMillis(ok, ok.length);
            boolean met = failed.get() == 0 && containers == 1;
            table.add(new Row(AREA, n + " concurrent calls to a service " + how, (n - failed.get()) + "/" + n
                    + " served, " + containers + " container", "", "", "all served, one container", Fmt.verdict(met)));
            table.add(Row.info(AREA, n + " concurrent calls: p50 / p99 / max", Fmt.ms(s.median()) + " / "
                    + Fmt.ms(s.percentile(99)) + " / " + Fmt.ms(s.max())));
            if (!failures.isEmpty()) {
                System.out.println("    first failure: " + failures.get(0));
            }
        } finally {
            clients.forEach(Mcp::close);
        }
    }

    /** Sleeping by its idle policy if this build has one, else stopped; returns which. */
    private String putToSleep() throws IOException {
        try (Mcp client = fleet.session()) {
            client.call("herd__echo", "{\"text\":\"first\"}");
        }
        if (fleet.awaitAsleep("herd", Duration.ofSeconds(20))) {
            return "asleep (stop mode)";
        }
        fleet.stop("herd");
        return "stopped (no idle sleep in this build)";
    }
}
