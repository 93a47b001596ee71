package io.mcpfleet.bench;

import io.mcpfleet.startup.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the suite starts a product jar: as the README does, {@code java @<app>.args}, with the
 * argument file {@code mvn package} made (Spring AOT, the class archive it recorded, the heap)
 * when it was made for this java. For another java the suite records its own with the same tool
 * ({@link Training}) in its work directory, so each java is measured as its users get it.
 */
final class Launches {

    /** A product application: its module (the jar's and the argument file's name). */
    enum App {
        MANAGER("service-manager"), ROUTER("tool-router");

        final String module;

        App(String module) {
            this.module = module;
        }
    }

    private static final Map<String, Path> RECORDED = new ConcurrentHashMap<>();

    private Launches() {
    }

    /**
     * {@code java [BENCH_JAVA_OPTS] @<app>.args}, or with {@code --launch=jar} {@code java -jar <app>.jar}:
     * the application's arguments follow.
     */
    static List<String> command(Setup setup, String java, App app) {
        return command(setup, java, app, setup.plainJar());
    }

    static List<String> command(Setup setup, String java, App app, boolean plainJar) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(setup.javaOptions());
        if (plainJar) {
            command.addAll(List.of("-jar", jar(setup, app).toString()));
        } else {
            command.add("@" + argsFile(setup, java, app));
        }
        return command;
    }

    private static Path jar(Setup setup, App app) {
        return setup.repo().resolve(app.module + "/target/" + app.module + ".jar");
    }

    /** The JDK the build recorded the archive for: the one the README's {@code target/bin/<app>} runs. */
    static String buildJava(Setup setup, App app) {
        Path built = built(setup, app);
        try {
            return Training.javaOf(built).orElseThrow(() -> new IllegalStateException(built + " names no java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path built(Setup setup, App app) {
        Path built = setup.repo().resolve(app.module + "/target/" + app.module + ".args");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException(built + " is missing: build with `mvn -DskipTests package` "
                    + "(without -Dfleet.training.skip)");
        }
        return built;
    }

    /** The argument file for {@code java}: the build's, or one recorded for it in this run. */
    static Path argsFile(Setup setup, String java, App app) {
        Path built = built(setup, app);
        String real = Training.realJava(java);
        try {
            Optional<String> madeFor = Training.javaOf(built);
            if (madeFor.isPresent() && madeFor.get().equals(real)) {
                return built;
            }
            String options = Training.optionsOf(built);
            return RECORDED.computeIfAbsent(setup.work() + "|" + real + "|" + app, key -> record(setup, real, app,
                    options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path record(Setup setup, String java, App app, String options) {
        Path dir = setup.work().resolve("jvm/" + Math.abs(java.hashCode()) + "-" + app.module);
        Path args = dir.resolve(app.module + ".args");
        System.out.println("recording a class archive of " + app.module + " for " + java);
        try {
            Files.createDirectories(dir);
            Training.run(app.module, jar(setup, app).toString(),
                    "--extract-to=" + dir.resolve("app"), "--args-file=" + args, "--java=" + java,
                    "--jvm-options=" + options);
            return args;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
