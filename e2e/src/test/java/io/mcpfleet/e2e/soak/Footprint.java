package io.mcpfleet.e2e.soak;

import io.mcpfleet.e2e.Prometheus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process's footprint, for comparing the start of a soak with its end: heap used after a full
 * GC ({@code jcmd GC.run}), live threads, established TCP connections ({@code ss}).
 */
record Footprint(long heapMb, long threads, long connections) {

    static Footprint of(long pid, String baseUrl) {
        run("jcmd", Long.toString(pid), "GC.run");
        Prometheus metrics = Prometheus.scrape(baseUrl);
        long heap = (long) (metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap")) / (1024 * 1024));
        long threads = (long) metrics.sum("jvm_threads_live_threads", Map.of());
        long connections = run("ss", "-tnpH", "state", "established").lines()
                .filter(l -> l.contains("pid=" + pid + ",")).count();
        return new Footprint(heap, threads, connections);
    }

    @Override
    public String toString() {
        return heapMb + " MB heap, " + threads + " threads, " + connections + " connections";
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
