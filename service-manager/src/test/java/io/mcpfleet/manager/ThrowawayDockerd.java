package io.mcpfleet.manager;

import io.mcpfleet.testsupport.TestRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second Docker daemon of the test's own, beside the shared engine and in no swarm: its own data
 * root, exec root, pid file and socket under one temporary directory, no bridge network and no
 * iptables rules. It runs in a network namespace of its own ({@code unshare --net}): a dockerd started
 * with {@code --bridge=none} deletes any {@code docker0} interface it sees, which in the host's
 * namespace is the shared engine's default bridge (every container on it then fails to start). Needs
 * root, as CI and the project's machines run. {@link #close()} stops it (and the containerd it
 * started) and removes its directory.
 */
final class ThrowawayDockerd implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);

    private final Path dir;
    private final Path socket;
    private final Process daemon;

    private ThrowawayDockerd(Path dir, Path socket, Process daemon) {
        this.dir = dir;
        this.socket = socket;
        this.daemon = daemon;
    }

    /** Starts one and waits until it answers on its socket. */
    static ThrowawayDockerd start() {
        String name = TestRun.unique("dockerd");
        Path dir = Path.of("/tmp", name);
        // the socket beside, not inside: a unix socket path must stay short
        Path socket = Path.of("/tmp", name + ".sock");
        try {
            Files.createDirectories(dir);
            Process daemon = new ProcessBuilder("unshare", "--net", "--fork", "dockerd", "--data-root", dir.resolve("data").toString(),
                    "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("dockerd.pid").toString(),
                    "-H", "unix://" + socket, "--bridge=none", "--iptables=false", "--ip-masq=false")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
            ThrowawayDockerd started = new ThrowawayDockerd(dir, socket, daemon);
            started.awaitReady();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a second dockerd in " + dir, e);
        }
    }

    /** Its address, as {@code DOCKER_HOST} takes it. */
    String host() {
        return "unix://" + socket;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                String log = Files.readString(dir.resolve("dockerd.log"));
                close();
                throw new IllegalStateException("the second dockerd exited at once:\n" + log);
            }
            if (answers()) {
                return;
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("the second dockerd did not answer on " + socket + " within " + READY);
    }

    private boolean answers() throws IOException {
        try {
            Process ping = new ProcessBuilder("docker", "-H", host(), "version", "--format", "{{.Server.Version}}")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return ping.waitFor(10, TimeUnit.SECONDS) && ping.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        try {
            // SIGTERM to dockerd itself (unshare does not pass it on): it stops its containerd and removes its
            // socket and pid file; unshare exits with it
            daemonPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
            if (!daemon.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                daemonPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                daemon.destroyForcibly().waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delete(dir);
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // the daemon removes it itself on a clean stop
            }
        }
    }

    private Optional<Long> daemonPid() {
        try {
            Path pidFile = dir.resolve("dockerd.pid");
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the second dockerd's directory " + dir, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
