package io.mcpfleet.startup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM to record a class archive for, and the options that record and use one: Java 24+ writes an
 * AOT cache (JEP 483: classes loaded and linked ahead, a second or more faster than a CDS archive
 * here), Java 13 to 23 a dynamic CDS archive (classes parsed and verified ahead).
 *
 * @param java    the {@code java} executable
 * @param feature its feature release (17, 21, 25, ...)
 */
record Jvm(String java, int feature) {

    private static final Pattern SPEC_VERSION = Pattern.compile("java\\.specification\\.version = (\\d+)");
    /** The first release with {@code -XX:AOTCacheOutput} and {@code -XX:AOTCache}. */
    static final int AOT_CACHE = 24;
    /**
     * Compile thresholds four times the default: fewer methods are compiled during the start-up,
     * whose code mostly runs once, so the compilers leave the two cores to it (Java 17 on two
     * cores: about 0.4 s less to ready, a quarter less CPU). Methods that stay hot are compiled a
     * little later; compiled code is the same. An AOT cache (24+) brings profiles, and this gains nothing there.
     */
    static final String LATER_COMPILATION = "-XX:CompileThresholdScaling=4";

    /** Asks {@code java} (a path, or a name looked up on {@code PATH}) for its version. */
    static Jvm of(String java) {
        java = resolve(java);
        try {
            Process p = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            Matcher m = SPEC_VERSION.matcher(out);
            if (!m.find()) {
                throw new Training.TrainingException("cannot tell the version of " + java + ":\n" + out);
            }
            return new Jvm(java, Integer.parseInt(m.group(1)));
        } catch (IOException e) {
            throw new Training.TrainingException("cannot run " + java + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Training.TrainingException("interrupted");
        }
    }

    /** The training run's option: write the archive when the JVM exits. */
    String recordFlag(Path archive) {
        return (feature >= AOT_CACHE ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive.toAbsolutePath();
    }

    /** Start with the archive or not at all (to check it). */
    List<String> strictUseFlags(Path archive) {
        return feature >= AOT_CACHE ? List.of("-XX:AOTMode=on", "-XX:AOTCache=" + archive.toAbsolutePath())
                : List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive.toAbsolutePath());
    }

    /** The real path of {@code java}: an archive serves one JVM build, whatever link led to it. */
    static String resolve(String java) {
        Path path = Path.of(java);
        if (path.getParent() == null) {
            String[] dirs = System.getenv().getOrDefault("PATH", "").split(File.pathSeparator);
            for (String dir : dirs) {
                Path candidate = Path.of(dir, java);
                if (Files.isExecutable(candidate)) {
                    path = candidate;
                    break;
                }
            }
        }
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            return java;
        }
    }
}
