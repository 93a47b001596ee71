package io.mcpfleet.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository (config, docs) for tests that keep them honest. */
final class RepoFiles {

    private RepoFiles() {
    }

    /**
     * A file by its path from the repository root. The parent pom passes {@code fleet.repo.root};
     * an IDE run falls back to walking up from the working directory.
     */
    static Path find(String relative) {
        String root = System.getProperty("fleet.repo.root");
        if (root != null && Files.isRegularFile(Path.of(root).resolve(relative))) {
            return Path.of(root).resolve(relative);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
