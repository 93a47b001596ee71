package io.mcpfleet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What every scenario shares: where the repository and this run's files are, which java runs the
 * product jars, the engine, the name that marks this run's containers, and whether this is the
 * short smoke run.
 *
 * @param repo        the repository root
 * @param work        this run's directory (configs, logs, data)
 * @param java        the java that runs the product jars
 * @param altJava     a second java to compare the router on (e.g. Java 17 without virtual threads), or {@code null}
 * @param javaOptions JVM options put before the product's argument file (none: as the README runs them)
 * @param plainJar    start the products with {@code java -jar} as before the argument files, to compare
 * @param smoke       the short CI run: fewer rounds, shorter runs, fewer scenarios
 * @param engine      the Docker engine
 * @param fleet       this run's name: the managers' fleet name ({@code io.mcpfleet.fleet}) and the value of
 *                    {@link #LABEL} on the containers the suite creates itself. Runs from several
 *                    checkouts on one engine each remove only their own containers.
 */
record Setup(Path repo, Path work, String java, String altJava, List<String> javaOptions, boolean plainJar,
             boolean smoke, Engine engine, String fleet) {

    /** Label on the containers the suite creates itself (floors, engine operations); its value is {@link #fleet}. */
    static final String LABEL = "io.mcpfleet.bench";

    /** A fleet name for a run of this process: {@code bench-<pid>}. */
    static String defaultFleet() {
        return "bench-" + ProcessHandle.current().pid();
    }

    static Setup create(Path repo, String java, String altJava, List<String> javaOptions, boolean plainJar,
                        boolean smoke, String fleet) {
        Path work = repo.resolve("bench/target/run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")));
        try {
            Files.createDirectories(work.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Setup(repo, work, java, altJava, List.copyOf(javaOptions), plainJar, smoke, Engine.local(), fleet);
    }

    Path logs() {
        return work.resolve("logs");
    }

    /** Seconds for one load run: longer runs average out a shared machine. */
    int loadSeconds() {
        return smoke ? 2 : 8;
    }

    /** Repetitions of each measurement; the median is reported. */
    int rounds() {
        return smoke ? 1 : 3;
    }

    /** A free TCP port on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes this run's containers: the managers' ({@code io.mcpfleet.fleet=<fleet>}) and the suite's own. */
    int cleanUp() {
        try {
            return engine.removeAll("io.mcpfleet.fleet=" + fleet) + engine.removeAll(LABEL + "=" + fleet);
        } catch (IOException e) {
            System.err.println("cannot clean up containers: " + e.getMessage());
            return 0;
        }
    }
}
