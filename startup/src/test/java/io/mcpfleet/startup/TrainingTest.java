package io.mcpfleet.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {

    @TempDir
    Path dir;

    @Test
    void theArgumentFileStartsTheJarWithItsArchiveAndSpringAot() {
        Path jar = dir.resolve("app/tool-router.jar");
        Path archive = dir.resolve("app/tool-router.jsa");

        List<String> args = options(Training.argsFile(Training.App.ROUTER, new Jvm("/jdk25/bin/java", 25), jar,
                archive, List.of("-XX:+UseSerialGC", "-Xmx576m")));

        assertThat(args).containsExactly("-XX:SharedArchiveFile=" + archive, "-Dspring.aot.enabled=true",
                "-XX:+UseSerialGC -Xmx576m", "-jar " + jar);
    }

    @Test
    void beforeJava24TheArgumentFileAlsoCompilesLater() {
        Path jar = dir.resolve("app/service-manager.jar");

        List<String> args = options(Training.argsFile(Training.App.MANAGER, new Jvm("/jdk17/bin/java", 17), jar,
                dir.resolve("app/service-manager.jsa"), List.of()));

        assertThat(args).contains(Jvm.LATER_COMPILATION).last().isEqualTo("-jar " + jar);
    }

    @Test
    void theArgumentFileSaysWhichJvmAndOptionsItWasMadeWith() throws IOException {
        Path file = dir.resolve("tool-router.args");
        Files.writeString(file, Training.argsFile(Training.App.ROUTER, new Jvm("/jdk17/bin/java", 17),
                dir.resolve("tool-router.jar"), dir.resolve("tool-router.jsa"), List.of("-Xmx576m", "-Xms16m")),
                StandardCharsets.UTF_8);

        assertThat(Training.javaOf(file)).contains("/jdk17/bin/java");
        assertThat(Training.optionsOf(file)).isEqualTo("-Xmx576m -Xms16m");
    }

    @Test
    void aWrongCommandLineIsAnsweredWithTheUsage() throws IOException {
        Path jar = Files.createFile(dir.resolve("app.jar"));

        assertThatThrownBy(() -> Training.Options.parse("gateway", jar.toString()))
                .hasMessageContaining("unknown application 'gateway'");
        assertThatThrownBy(() -> Training.Options.parse("router", jar.toString(), "--fast"))
                .hasMessageContaining("unknown option --fast").hasMessageContaining("usage: Training");
        assertThatThrownBy(() -> Training.Options.parse("router", dir.resolve("none.jar").toString()))
                .hasMessageContaining("no jar at");
    }

    @Test
    void jvmOptionsArriveAsSeparateOptions() throws IOException {
        Path jar = Files.createFile(dir.resolve("app.jar"));

        Training.Options options = Training.Options.parse("manager", jar.toString(),
                "--jvm-options= -XX:+UseSerialGC  -Xmx384m ");

        assertThat(options.jvmOptions()).containsExactly("-XX:+UseSerialGC", "-Xmx384m");
    }

    @Test
    void theLauncherRunsTheArgumentFileOnTheBuildsJavaWithTheCallersArguments() throws Exception {
        // A stand-in for the build's java, in a directory with a space and a quote, that prints what it got.
        Path javaDir = Files.createDirectories(dir.resolve("jdk 25's/bin"));
        Path java = javaDir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n", StandardCharsets.UTF_8);
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Path argsFile = dir.resolve("tool-router.args");
        Path launcher = dir.resolve("bin/tool-router");
        Training.writeLauncher(launcher, Training.App.ROUTER, new Jvm(java.toString(), 25), argsFile);

        Process p = new ProcessBuilder(launcher.toString(), "--server.port=8081", "two words")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isZero();
        assertThat(out.lines()).containsExactly("[@" + argsFile.toAbsolutePath() + "]", "[--server.port=8081]",
                "[two words]");
    }

    @Test
    void aLauncherNeedsAnArgumentFile() throws IOException {
        Path jar = Files.createFile(dir.resolve("app.jar"));

        assertThatThrownBy(() -> Training.Options.parse("router", jar.toString(), "--launcher=" + dir.resolve("x")))
                .hasMessageContaining("--launcher needs --args-file");
    }

    /** The lines java reads from an argument file: comments dropped. */
    private static List<String> options(String argsFile) {
        return argsFile.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }
}
