package io.mcpfleet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A product jar ({@code service-manager.jar}, {@code tool-router.jar}) run as users run it: a child
 * {@code java -jar} process on a free port, its output in a file under {@code target/jar-process/}.
 * Every process still alive when the test JVM exits is killed.
 *
 * <pre>{@code
 * try (JarProcess manager = JarProcess.builder(TestPaths.serviceManagerJar())
 *         .env("FLEET_CONFIG", config.toString())
 *         .start(Duration.ofSeconds(30))) {
 *     ... manager.baseUrl() ...
 * }
 * }</pre>
 */
public final class JarProcess implements AutoCloseable {

    public static final String HEALTH_PATH = "/actuator/health";

    private static final Set<JarProcess> ALIVE = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(JarProcess::kill), "jar-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path outputFile;

    private JarProcess(String name, Process process, int port, Path outputFile) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.outputFile = outputFile;
    }

    public static Builder builder(Path jar) {
        return new Builder(jar);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path outputFile() {
        return outputFile;
    }

    /** Everything the process printed so far (stdout and stderr), for assertion messages. */
    public String output() {
        try {
            return Files.exists(outputFile) ? Files.readString(outputFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + outputFile + ": " + e + ")";
        }
    }

    /** The last {@code lines} lines of {@link #output()}. */
    public String outputTail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGKILL, as a crash or {@code kill -9} would; returns once the process is gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
        ALIVE.remove(this);
    }

    /** SIGTERM (a graceful shutdown), then SIGKILL if it is still running after {@code timeout}; the exit code. */
    public int stop(Duration timeout) {
        process.destroy();
        if (!waitForExit(timeout)) {
            kill();
        }
        ALIVE.remove(this);
        return process.exitValue();
    }

    /** {@link #stop(Duration)} with 20 s. */
    public int stop() {
        return stop(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitHealthy(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(2)).GET().build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before " + path + " answered 200; output:\n" + outputTail(60));
            }
            try {
                int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            DockerTestSupport.sleep(Duration.ofMillis(100));
        }
        kill();
        throw new IllegalStateException(name + " did not answer 200 on " + path + " within " + timeout.toMillis()
                + " ms (last: " + last + "); killed it; output:\n" + outputTail(60));
    }

    /** A free TCP port on 127.0.0.1 (free now; a race with other processes is possible but rare). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** How to start one. */
    public static final class Builder {

        private final Path jar;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private int port;
        private String name;
        private String healthPath = HEALTH_PATH;
        private Path workingDirectory;

        private Builder(Path jar) {
            this.jar = jar;
            String file = jar.getFileName().toString();
            this.name = file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
        }

        /** An environment variable on top of this JVM's environment. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** A JVM option, before {@code -jar}: {@code -Xmx256m}, {@code -Dkey=value}. */
        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** A program argument, after the jar: {@code --fleet.config=...}. */
        public Builder arg(String arg) {
            args.add(arg);
            return this;
        }

        /** The HTTP port, passed as {@code --server.port}; default: a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Names the output file and messages; default: the jar's name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Where readiness is probed; default {@value #HEALTH_PATH}. */
        public Builder healthPath(String path) {
            this.healthPath = path;
            return this;
        }

        /** Default: the repository root, so relative paths like {@code config/services.yml} resolve. */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /** Starts it and returns once {@code healthPath} answers 200; kills it and fails otherwise. */
        public JarProcess start(Duration timeout) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: build it first (mvn -q -DskipTests package)");
            }
            int chosenPort = port > 0 ? port : freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
            command.add("--server.port=" + chosenPort);
            command.addAll(args);
            Path output = Path.of("target", "jar-process", TestRun.unique(name) + ".log").toAbsolutePath();
            try {
                Files.createDirectories(output.getParent());
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory((workingDirectory != null ? workingDirectory : TestPaths.repoRoot()).toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().putAll(env);
                JarProcess started = new JarProcess(name, builder.start(), chosenPort, output);
                ALIVE.add(started);
                started.awaitHealthy(healthPath, timeout);
                return started;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }
    }
}
