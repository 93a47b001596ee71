package io.mcpfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The machine the figures come from, and what else ran on it meanwhile: the load average is
 * sampled every second, and the busiest processes that are not the suite's are listed at the
 * start and the end (a shared machine moves every figure).
 */
final class Host {

    private final List<Double> load = new ArrayList<>();
    private final List<String> others = new ArrayList<>();
    private volatile boolean sampling = true;

    Host() {
        Thread t = new Thread(() -> {
            while (sampling) {
                double l = loadAverage();
                synchronized (load) {
                    load.add(l);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-load");
        t.setDaemon(true);
        t.start();
    }

    static String describe() {
        int cores = Runtime.getRuntime().availableProcessors();
        String model = firstMatch(Path.of("/proc/cpuinfo"), "model name");
        long memKb = Long.parseLong(firstMatch(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", ""));
        String os = firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "");
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB, %s", cores, model, memKb / 1048576.0, os);
    }

    /** Notes the busiest processes not started by the suite (by CPU share since they started). */
    void noteOthers(String when) {
        try {
            Process p = new ProcessBuilder("ps", "-eo", "pcpu,rss,comm,args", "--sort=-pcpu", "--no-headers")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            long self = ProcessHandle.current().pid();
            List<String> lines = new ArrayList<>();
            for (String line : out.lines().toList()) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.contains("bench/target/") || trimmed.contains("io.mcpfleet.bench")
                        || trimmed.contains(" ps -eo") || trimmed.contains("wrk ") || trimmed.startsWith("0.0")) {
                    continue;
                }
                lines.add(trimmed.length() > 140 ? trimmed.substring(0, 140) : trimmed);
                if (lines.size() == 6) {
                    break;
                }
            }
            others.add(when + " (load " + String.format(Locale.ROOT, "%.1f", loadAverage()) + ", pid " + self
                    + " is the suite):\n    " + String.join("\n    ", lines));
        } catch (IOException e) {
            others.add(when + ": ps failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String loadSummary() {
        synchronized (load) {
            if (load.isEmpty()) {
                return "n/a";
            }
            Stats s = Stats.of(load);
            return String.format(Locale.ROOT, "1-min load average min %.1f, median %.1f, max %.1f (%d samples)", s.min(),
                    s.median(), s.max(), s.count());
        }
    }

    List<String> others() {
        return others;
    }

    void stop() {
        sampling = false;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String firstMatch(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(line.contains(":") ? ':' : '=') + 1).trim();
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "?";
    }
}
