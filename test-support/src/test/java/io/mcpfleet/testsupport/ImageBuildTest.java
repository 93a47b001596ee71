package io.mcpfleet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuildTest {

    @TempDir
    Path dir;

    private Path jar(String name, String content, Instant entryTime) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            JarEntry entry = new JarEntry("app/Main.class");
            entry.setLastModifiedTime(FileTime.from(entryTime));
            out.putNextEntry(entry);
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    @Test
    void rebuiltJarWithTheSameContentHasTheSameRecipe() throws IOException {
        Path before = jar("a.jar", "class bytes", Instant.parse("2026-01-01T00:00:00Z"));
        Path after = jar("b.jar", "class bytes", Instant.parse("2026-06-01T12:00:00Z"));

        String recipeBefore = new ImageBuild("t").text("Dockerfile", "FROM x").copy("app.jar", before).recipe("");
        String recipeAfter = new ImageBuild("t").text("Dockerfile", "FROM x").copy("app.jar", after).recipe("");

        assertThat(Files.readAllBytes(before)).isNotEqualTo(Files.readAllBytes(after));
        assertThat(recipeAfter).isEqualTo(recipeBefore);
    }

    @Test
    void changedJarContentOrDockerfileOrBaseChangesTheRecipe() throws IOException {
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        Path jar = jar("a.jar", "class bytes", time);
        Path changed = jar("b.jar", "other class bytes", time);
        String recipe = new ImageBuild("t").text("Dockerfile", "FROM x").copy("app.jar", jar).recipe("base-1");

        assertThat(new ImageBuild("t").text("Dockerfile", "FROM x").copy("app.jar", changed).recipe("base-1"))
                .isNotEqualTo(recipe);
        assertThat(new ImageBuild("t").text("Dockerfile", "FROM y").copy("app.jar", jar).recipe("base-1"))
                .isNotEqualTo(recipe);
        assertThat(new ImageBuild("t").text("Dockerfile", "FROM x").copy("app.jar", jar).recipe("base-2"))
                .isNotEqualTo(recipe);
    }
}
