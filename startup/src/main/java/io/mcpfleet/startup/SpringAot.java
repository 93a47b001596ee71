package io.mcpfleet.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Spring AOT processing of an application ({@code spring-boot:process-aot}'s work) on the JDK that
 * runs this, not on the JVM that runs Maven. The plugin forks the processor on the build's
 * toolchain but compiles what it generated inside Maven's own JVM, which cannot read the
 * application's classes when Maven runs on an older Java than the build's baseline (Debian's 17,
 * a Java 21 build): "release version 21 not supported". Here the processor runs in a child JVM of
 * the same JDK, its sources are compiled by that JDK's compiler, and its resources and generated
 * classes are copied beside the application's classes, as the plugin does.
 *
 * <p>Usage: {@code java -cp startup.jar io.mcpfleet.startup.SpringAot <main class> <class path>
 * <target dir> <groupId> <artifactId> <release> [--jvm-arg=...]...}: {@code <class path>} is the
 * application's (its classes and runtime libraries); the output goes to {@code <target dir>/classes},
 * the generated files to {@code <target dir>/spring-aot/main}.
 */
public final class SpringAot {

    private static final String PROCESSOR = "org.springframework.boot.SpringApplicationAotProcessor";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private SpringAot() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Training.TrainingException | IOException e) {
            System.err.println("spring aot: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(String... args) throws IOException {
        List<String> positional = new ArrayList<>();
        List<String> jvmArgs = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--jvm-arg=")) {
                // empty when the application's pom sets none
                String arg = a.substring("--jvm-arg=".length()).trim();
                if (!arg.isEmpty()) {
                    jvmArgs.add(arg);
                }
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 6) {
            throw new Training.TrainingException("usage: SpringAot <main class> <class path> <target dir> <groupId> "
                    + "<artifactId> <release> [--jvm-arg=...]...");
        }
        String mainClass = positional.get(0);
        String classPath = positional.get(1);
        Path target = Path.of(positional.get(2));
        Path classes = target.resolve("classes");
        Path generated = target.resolve("spring-aot/main");
        Path sources = generated.resolve("sources");
        Path resources = generated.resolve("resources");
        Path generatedClasses = generated.resolve("classes");
        Training.deleteTree(generated);

        process(mainClass, classPath, jvmArgs, sources, resources, generatedClasses, positional.get(3),
                positional.get(4), target);
        compile(sources, classPath, classes, positional.get(5));
        copy(resources, classes);
        copy(generatedClasses, classes);
    }

    /** The processor, in a JVM of this JDK: it starts the application's context to decide its beans. */
    private static void process(String mainClass, String classPath, List<String> jvmArgs, Path sources,
                                Path resources, Path generatedClasses, String groupId, String artifactId,
                                Path target) throws IOException {
        List<String> command = new ArrayList<>(List.of(Training.realJava(
                ProcessHandle.current().info().command().orElse("java"))));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, PROCESSOR, mainClass, sources.toString(), resources.toString(),
                generatedClasses.toString(), groupId, artifactId));
        Files.createDirectories(target);
        Path log = target.resolve("spring-aot.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = Training.waitFor(p, TIMEOUT);
        if (exit != 0) {
            throw new Training.TrainingException("the AOT processing of " + mainClass + " failed ("
                    + (exit == -1 ? "no exit within " + TIMEOUT.toMinutes() + " min" : "exit " + exit) + "); its log: "
                    + log + "\n" + Training.tail(log));
        }
    }

    /** The generated sources, compiled by this JDK's compiler as the application's own were. */
    private static void compile(Path sources, String classPath, Path classes, String release) throws IOException {
        List<String> files;
        try (Stream<Path> walk = Files.exists(sources) ? Files.walk(sources) : Stream.empty()) {
            files = walk.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
        }
        if (files.isEmpty()) {
            return;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new Training.TrainingException("no Java compiler in " + System.getProperty("java.home")
                    + ": the build needs a JDK, not a JRE");
        }
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath, "--release",
                release, "-parameters", "-proc:none", "-encoding", StandardCharsets.UTF_8.name()));
        options.addAll(files);
        int exit = javac.run(null, null, null, options.toArray(String[]::new));
        if (exit != 0) {
            throw new Training.TrainingException("the sources Spring AOT generated in " + sources + " do not compile");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                Path dest = to.resolve(from.relativize(f).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
