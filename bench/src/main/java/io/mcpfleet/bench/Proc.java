package io.mcpfleet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the suite started (a product jar, nginx, a backend): its pid, its output file, what
 * it costs (RSS, CPU time from {@code /proc}), and a stop that never outlives the suite.
 */
final class Proc implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final long TICKS_PER_SECOND = 100;

    final String name;
    final Process process;
    final Path log;
    final long startedNanos;

    private Proc(String name, Process process, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    static Proc start(String name, List<String> command, Map<String, String> env, Path dir, Path logDir) {
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        b.environment().putAll(env);
        long t0 = System.nanoTime();
        try {
            Proc p = new Proc(name, b.start(), log, t0);
            Runtime.getRuntime().addShutdownHook(new Thread(p::kill));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until {@code url} answers 200 and returns how long that took since the process began,
     * polling every 10 ms so a start-up time is measured to about that.
     */
    Duration awaitHttp200(String url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; " + tail(40));
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Sleep.millis(10);
        }
        throw new IllegalStateException(name + " did not answer 200 at " + url + " within " + timeout.toSeconds()
                + " s; " + tail(40));
    }

    /** Resident memory in bytes (VmRSS), or -1 if gone. */
    long rssBytes() {
        return statusField("VmRSS:");
    }

    /** User plus system CPU time of the process (all its threads), in nanoseconds. */
    long cpuNanos() {
        return cpuNanos(pid());
    }

    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private long statusField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** The process's children (nginx workers), for CPU accounting. */
    List<Long> children() {
        List<Long> out = new ArrayList<>();
        process.toHandle().children().forEach(h -> out.add(h.pid()));
        return out;
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines),
                    all.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }
}
