package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mcpfleet.config.ConfigException;
import io.mcpfleet.config.ConfigLoader;
import io.mcpfleet.config.FleetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCheckTest {

    @TempDir
    Path dir;

    @Test
    void placementIsRefusedAtTheLineOfItsKey() throws IOException {
        FleetConfig config = load("""
                services:
                  a:
                    image: mimic
                    port: 8000
                    placement:
                      constraints: [node.labels.zone==east]
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DockerConfigCheck.check(config));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).endsWith("services.yml");
            assertThat(p.key()).isEqualTo("services.a.placement");
            assertThat(p.line()).as("where the placement mapping begins").isEqualTo(6);
            assertThat(p.message()).contains("placement is for fleet.runtime swarm");
        });
    }

    @Test
    void aServiceWithoutPlacementPasses() throws IOException {
        FleetConfig config = load("""
                services:
                  a: {image: mimic, port: 8000}
                """);

        assertThatCode(() -> DockerConfigCheck.check(config)).doesNotThrowAnyException();
    }

    private FleetConfig load(String yaml) throws IOException {
        Path file = dir.resolve("services.yml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, Map.of());
    }
}
