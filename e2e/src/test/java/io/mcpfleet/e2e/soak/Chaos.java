package io.mcpfleet.e2e.soak;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What happens to the fleet during a soak besides calls: actions run every so often (scale,
 * kill an instance, put a service to sleep), each counted as done or failed.
 */
final class Chaos {

    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "soak-chaos");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicLong> done = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failed = new ConcurrentHashMap<>();

    /** Runs {@code action} every {@code period} (first after one period); it answers whether it worked. */
    void every(String name, Duration period, BooleanSupplier action) {
        done.put(name, new AtomicLong());
        failed.put(name, new AtomicLong());
        timer.scheduleWithFixedDelay(() -> {
            boolean ok;
            try {
                ok = action.getAsBoolean();
            } catch (RuntimeException e) {
                System.out.println("soak: " + name + " failed: " + e);
                ok = false;
            }
            (ok ? done : failed).get(name).incrementAndGet();
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per action: "done" and, when any, "failed". */
    Map<String, String> summary() {
        Map<String, String> out = new TreeMap<>();
        done.forEach((name, n) -> out.put(name, n.get() + " done"
                + (failed.get(name).get() > 0 ? ", " + failed.get(name).get() + " failed" : "")));
        return out;
    }
}
