package io.mcpfleet.startup;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes what a fast start of the service-manager or the tool-router needs, for one JVM: the
 * application's jar unpacked into a plain jar and its libraries (class data sharing reads only
 * jars on the class path, not a jar in a jar), and a class archive recorded by a training run: a
 * CDS archive on Java 17 to 23, an AOT cache on Java 24+. The training run starts the
 * AOT-processed application against a {@link StandIn} (an empty engine, an empty fleet: nothing
 * real is touched), sends it the requests of a first use, and stops it; the JVM writes the archive
 * as it exits. An archive serves only the JVM build that wrote it and the very jars it read.
 *
 * <p>Usage: {@code java -cp common.jar io.mcpfleet.startup.Training <manager|router> <jar>
 * [--extract-to=DIR] [--archive=FILE] [--args-file=FILE] [--launcher=FILE] [--jvm-options="..."] [--java=PATH]}
 * <ul>
 *   <li>{@code <jar>}: the Spring Boot jar ({@code --extract-to} unpacks it into DIR first), or a jar
 *       unpacked already (the images' {@code /app/app.jar});</li>
 *   <li>{@code --archive}: where the archive goes, default beside the plain jar, {@code .jsa};</li>
 *   <li>{@code --args-file}: also write a {@code java @FILE} argument file that starts the
 *       application with the archive (the README's command);</li>
 *   <li>{@code --launcher}: also write an executable script that runs the argument file on the very
 *       {@code java} the archive was recorded for (the README's command: a fresh machine's
 *       {@code java} may be an older release than the build's JDK);</li>
 *   <li>{@code --jvm-options}: more options for the argument file (the heap);</li>
 *   <li>{@code --java}: the JVM to record for, default the one running this.</li>
 * </ul>
 */
public final class Training {

    private static final String JAVA_KEY = "java=";
    private static final String OPTIONS_KEY = "options=";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** Writing an AOT cache (Java 24+) takes a second JVM after the training run's exit. */
    private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Settings from the caller's environment that would change what the training run does. */
    private static final List<String> CLEARED_ENVIRONMENT = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS", "SERVER_PORT", "MANAGEMENT_SERVER_PORT", "DOCKER_HOST", "FLEET_CONFIG", "FLEET_NAME",
            "FLEET_API_TOKEN", "FLEET_ROUTER_TOKEN", "FLEET_MANAGER_URL", "FLEET_DATA_DIR", "FLEET_ALLOWED_HOSTS",
            "FLEET_GATEWAY_URL", "FLEET_GATEWAY_TOKEN", "FLEET_GATEWAY_USERNAME", "FLEET_GATEWAY_PASSWORD",
            "SPRING_APPLICATION_JSON");

    private Training() {
    }

    public static void main(String[] args) {
        try {
            Path archive = run(args);
            System.out.println("training: " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB)");
        } catch (TrainingException | IOException e) {
            System.err.println("training: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Does what {@link #main} does and returns the archive; throws instead of exiting. */
    public static Path run(String... args) throws IOException {
        Options options = Options.parse(args);
        Jvm jvm = Jvm.of(options.java());
        Path jar = options.extractTo() == null ? options.jar() : extract(jvm, options.jar(), options.extractTo());
        Path archive = options.archive() != null ? options.archive()
                : jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "") + ".jsa");
        Files.deleteIfExists(archive);
        Path work = Files.createTempDirectory("mcpfleet-training");
        try (StandIn standIn = StandIn.start()) {
            record(options.app(), jvm, jar, archive, work, standIn);
        } finally {
            deleteTree(work);
        }
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new TrainingException("the training run of " + jar + " wrote no archive at " + archive);
        }
        check(jvm, jar, archive);
        if (options.argsFile() != null) {
            Files.writeString(options.argsFile(), argsFile(options.app(), jvm, jar, archive, options.jvmOptions()),
                    StandardCharsets.UTF_8);
            if (options.launcher() != null) {
                writeLauncher(options.launcher(), options.app(), jvm, options.argsFile());
            }
        }
        return archive;
    }

    /** The plain jar and its libraries, unpacked from the Spring Boot jar by its own tool. */
    static Path extract(Jvm jvm, Path bootJar, Path dir) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path log = dir.resolve("extract.log");
        Process p = new ProcessBuilder(jvm.java(), "-Djarmode=tools", "-jar", bootJar.toAbsolutePath().toString(),
                "extract", "--destination", dir.toAbsolutePath().toString(), "--force")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (waitFor(p, Duration.ofMinutes(2)) != 0) {
            throw new TrainingException("cannot unpack " + bootJar + ":\n" + tail(log));
        }
        Files.delete(log);
        Path jar = dir.resolve(bootJar.getFileName());
        if (!Files.isRegularFile(jar)) {
            throw new TrainingException("unpacking " + bootJar + " made no " + jar);
        }
        return jar;
    }

    private static void record(App app, Jvm jvm, Path jar, Path archive, Path work, StandIn standIn)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(jvm.java(), jvm.recordFlag(archive),
                // The archive holds classes, not compiled code: C1 alone makes the run cheaper.
                "-XX:TieredStopAtLevel=1", "-Dspring.aot.enabled=true",
                "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        CLEARED_ENVIRONMENT.forEach(env::remove);
        env.putAll(app.environment(standIn, work));
        Path log = archive.resolveSibling(archive.getFileName() + ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitReady(process, http, base, log);
            app.firstUse(new Requests(http, base));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        // SIGTERM: the application shuts down gracefully and the JVM writes the archive on its way out.
        process.destroy();
        if (waitFor(process, EXIT_TIMEOUT) == -1) {
            throw new TrainingException("the training run did not exit within " + EXIT_TIMEOUT.toSeconds()
                    + " s; its log: " + log + "\n" + tail(log));
        }
    }

    private static void awaitReady(Process process, HttpClient http, String base, Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new TrainingException("the training run exited (" + process.exitValue()
                        + ") before it was ready; its log: " + log + "\n" + tail(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingException("interrupted while waiting for the training run");
            }
            sleep(50);
        }
        throw new TrainingException("the training run was not ready within " + READY_TIMEOUT.toSeconds()
                + " s; its log: " + log + "\n" + tail(log));
    }

    /** The JVM maps the archive with these jars, or refuses: a mismatch shows now, not as a slow start. */
    private static void check(Jvm jvm, Path jar, Path archive) throws IOException {
        List<String> command = new ArrayList<>(List.of(jvm.java()));
        command.addAll(jvm.strictUseFlags(archive));
        command.addAll(List.of("-cp", jar.toAbsolutePath().toString(), "-version"));
        Path log = Files.createTempFile("mcpfleet-training-check", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (waitFor(p, Duration.ofMinutes(1)) != 0) {
                throw new TrainingException("the JVM does not accept the archive it wrote (" + archive + "):\n"
                        + tail(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * The {@code java @FILE} argument file: the archive, Spring AOT, the caller's options, the jar.
     * The archive goes in with {@code -XX:SharedArchiveFile} on every release (an AOT cache too): a
     * JVM that cannot map it starts without, where {@code -XX:AOTCache} would stop a Java 17 cold.
     */
    static String argsFile(App app, Jvm jvm, Path jar, Path archive, List<String> jvmOptions) {
        StringBuilder b = new StringBuilder()
                .append("# java @").append("<this file>: the ").append(app.title)
                .append(" with the class archive recorded for one JVM (io.mcpfleet.startup.Training)\n")
                .append("# ").append(JAVA_KEY).append(jvm.java()).append('\n')
                .append("# release=").append(jvm.feature()).append('\n')
                .append("# ").append(OPTIONS_KEY).append(String.join(" ", jvmOptions)).append('\n')
                .append("# Another JVM starts without the archive (and may say so), as slowly as `java -jar` does.\n")
                .append("-XX:SharedArchiveFile=").append(archive.toAbsolutePath()).append('\n');
        if (jvm.feature() < Jvm.AOT_CACHE) {
            b.append("# No AOT cache before Java 24: compiling later leaves the start-up's two cores to the start-up.\n")
                    .append(Jvm.LATER_COMPILATION).append('\n');
        }
        b.append("# The jar is AOT-processed: its beans were decided when it was built (docs/operations.md).\n")
                .append("-Dspring.aot.enabled=true\n");
        if (!jvmOptions.isEmpty()) {
            b.append(String.join(" ", jvmOptions)).append('\n');
        }
        return b.append("-jar ").append(jar.toAbsolutePath()).append('\n').toString();
    }

    /**
     * {@code exec <java> @<args file> "$@"}: the JVM the archive was made for, whatever {@code java}
     * is on {@code PATH}. JVM options: {@code JDK_JAVA_OPTIONS}; the application's arguments follow.
     */
    static String launcher(App app, Jvm jvm, Path argsFile) {
        return "#!/bin/sh\n"
                + "# The " + app.title + " on the JDK the build used (Java " + jvm.feature() + "), with the class archive\n"
                + "# it recorded for that JDK (io.mcpfleet.startup.Training). Arguments go to the application;\n"
                + "# JVM options: JDK_JAVA_OPTIONS.\n"
                + "exec " + shellQuote(jvm.java()) + " " + shellQuote("@" + argsFile.toAbsolutePath()) + " \"$@\"\n";
    }

    static void writeLauncher(Path file, App app, Jvm jvm, Path argsFile) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, launcher(app, jvm, argsFile), StandardCharsets.UTF_8);
        if (!file.toFile().setExecutable(true, false)) {
            throw new TrainingException("cannot make " + file + " executable");
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The real path of a {@code java} executable (a name is looked up on {@code PATH}). */
    public static String realJava(String java) {
        return Jvm.resolve(java);
    }

    /** The JVM an argument file was made for (its {@code # java=} line), if it names one. */
    public static Optional<String> javaOf(Path argsFile) throws IOException {
        return header(argsFile, JAVA_KEY);
    }

    /** The {@code --jvm-options} an argument file was made with (its {@code # options=} line). */
    public static String optionsOf(Path argsFile) throws IOException {
        return header(argsFile, OPTIONS_KEY).orElse("");
    }

    private static Optional<String> header(Path argsFile, String key) throws IOException {
        String prefix = "# " + key;
        return Files.readAllLines(argsFile, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim()).findFirst();
    }

    static int waitFor(Process p, Duration timeout) {
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted");
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A failed training, said in one message. */
    static final class TrainingException extends RuntimeException {
        TrainingException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    record Options(App app, Path jar, Path extractTo, Path archive, Path argsFile, Path launcher, String java,
                   List<String> jvmOptions) {

        static Options parse(String... args) {
            List<String> positional = new ArrayList<>();
            Path extractTo = null;
            Path archive = null;
            Path argsFile = null;
            Path launcher = null;
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> jvmOptions = new ArrayList<>();
            for (String a : args) {
                if (a.startsWith("--extract-to=")) {
                    extractTo = Path.of(value(a));
                } else if (a.startsWith("--archive=")) {
                    archive = Path.of(value(a));
                } else if (a.startsWith("--args-file=")) {
                    argsFile = Path.of(value(a));
                } else if (a.startsWith("--launcher=")) {
                    launcher = Path.of(value(a));
                } else if (a.startsWith("--java=")) {
                    java = value(a);
                } else if (a.startsWith("--jvm-options=")) {
                    jvmOptions.addAll(List.of(value(a).trim().split("\\s+")));
                    jvmOptions.removeIf(String::isEmpty);
                } else if (a.startsWith("--")) {
                    throw new TrainingException("unknown option " + a + "; " + usage());
                } else {
                    positional.add(a);
                }
            }
            if (positional.size() != 2) {
                throw new TrainingException(usage());
            }
            if (launcher != null && argsFile == null) {
                throw new TrainingException("--launcher needs --args-file; " + usage());
            }
            Path jar = Path.of(positional.get(1));
            if (!Files.isRegularFile(jar)) {
                throw new TrainingException("no jar at " + jar.toAbsolutePath());
            }
            return new Options(App.named(positional.get(0)), jar, extractTo, archive, argsFile, launcher, java,
                    List.copyOf(jvmOptions));
        }

        private static String value(String option) {
            return option.substring(option.indexOf('=') + 1);
        }

        private static String usage() {
            return "usage: Training <manager|router> <jar> [--extract-to=DIR] [--archive=FILE] [--args-file=FILE] "
                    + "[--launcher=FILE] [--jvm-options=\"...\"] [--java=PATH]";
        }
    }

    /** What each application needs to start with nothing real behind it, and what a first use asks of it. */
    enum App {
        MANAGER("service-manager") {
            @Override
            Map<String, String> environment(StandIn standIn, Path work) throws IOException {
                Path config = work.resolve("services.yml");
                // Two sleeping services: configuration, workers and status views are loaded; no container is made.
                Files.writeString(config, """
                        defaults: {auto_start: false, port: 8000}
                        services:
                          training-a: {image: "training/none:1"}
                          training-b: {image: "training/none:1", sleep_policy: {mode: pause}}
                        """, StandardCharsets.UTF_8);
                return Map.of("DOCKER_HOST", standIn.dockerHost(), "FLEET_CONFIG", config.toString(),
                        "FLEET_NAME", "training", "FLEET_MEMORY_BUDGET", "none");
            }

            @Override
            void firstUse(Requests r) {
                r.get("/services");
                r.get("/services/training-a/status");
                r.get("/services/health");
                r.get("/services/nobody/status");
                r.get("/actuator/health/liveness");
                r.get("/actuator/prometheus");
            }
        },
        ROUTER("tool-router") {
            @Override
            Map<String, String> environment(StandIn standIn, Path work) {
                return Map.of("FLEET_MANAGER_URL", standIn.url(), "FLEET_DATA_DIR", work.resolve("data").toString());
            }

            @Override
            void firstUse(Requests r) {
                String session = r.mcp(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                        + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"training\",\"version\":\"1\"}}}");
                r.mcp(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                r.mcp(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
                r.mcp(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"nobody__echo\",\"arguments\":{}}}");
                r.mcp(session, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
                r.get("/actuator/health/liveness");
                r.get("/actuator/prometheus");
            }
        };

        final String title;

        App(String title) {
            this.title = title;
        }

        abstract Map<String, String> environment(StandIn standIn, Path work) throws IOException;

        abstract void firstUse(Requests requests);

        static App named(String name) {
            return switch (name) {
                case "manager", "service-manager" -> MANAGER;
                case "router", "tool-router" -> ROUTER;
                default -> throw new TrainingException("unknown application '" + name + "': manager or router");
            };
        }
    }

    /** The first-use requests; their answers do not matter, only the code they run. */
    record Requests(HttpClient http, String base) {

        void get(String path) {
            send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).GET().build());
        }

        /** POSTs one MCP message; returns the session the answer names, if any. */
        String mcp(String session, String json) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/mcp")).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (session != null) {
                b.header("Mcp-Session-Id", session);
            }
            return send(b.build()).headers().firstValue("Mcp-Session-Id").orElse(session);
        }

        private HttpResponse<Void> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                throw new TrainingException("training request " + request.method() + " " + request.uri()
                        + " failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingException("interrupted");
            }
        }
    }
}
