package io.mcpfleet.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are in the repository, for tests run by Maven, an IDE or a script. */
public final class TestPaths {

    /** Set by surefire and failsafe in the parent pom. */
    public static final String REPO_ROOT_PROPERTY = "fleet.repo.root";

    private TestPaths() {
    }

    /**
     * The repository root: {@value #REPO_ROOT_PROPERTY} when set, else the nearest directory at or
     * above the working directory that holds {@code pom.xml} and {@code mimic/}.
     */
    public static Path repoRoot() {
        String property = System.getProperty(REPO_ROOT_PROPERTY);
        if (property != null && !property.isBlank() && isRepoRoot(Path.of(property))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRepoRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the mcp-fleet repository root (a directory with pom.xml and mimic/)"
                + " at or above " + start + "; set -D" + REPO_ROOT_PROPERTY + "=<path>");
    }

    static boolean isRepoRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("mimic"));
    }

    public static Path scripts() {
        return repoRoot().resolve("scripts");
    }

    /** The runnable mimic jar that goes into {@link TestImages#mimic()}. */
    public static Path mimicJar() {
        return repoRoot().resolve("mimic/target/mimic-exec.jar");
    }

    public static Path serviceManagerJar() {
        return repoRoot().resolve("service-manager/target/service-manager.jar");
    }

    public static Path toolRouterJar() {
        return repoRoot().resolve("tool-router/target/tool-router.jar");
    }
}
