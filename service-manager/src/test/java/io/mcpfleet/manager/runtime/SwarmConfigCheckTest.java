package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mcpfleet.config.ConfigException;
import io.mcpfleet.config.ConfigLoader;
import io.mcpfleet.config.ConfigProblem;
import io.mcpfleet.config.FleetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmConfigCheckTest {

    @TempDir
    Path dir;

    @Test
    void pauseModeIsRefusedAtTheLineOfItsKey() throws IOException {
        FleetConfig config = load("""
                services:
                  a:
                    image: mimic
                    port: 8000
                    hardening: {no_new_privileges: false}
                    sleep_policy:
                      mode: pause
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SwarmConfigCheck.check(config));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("services.a.sleep_policy.mode");
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.column()).isEqualTo(13);
            assertThat(p.message()).contains("pause is not available on fleet.runtime swarm");
        });
    }

    @Test
    void anOptionInheritedFromDefaultsIsReportedWhereTheDefaultsSetIt() throws IOException {
        FleetConfig config = load("""
                defaults:
                  hardening: {no_new_privileges: false, cap_drop: [ALL]}
                services:
                  a: {image: mimic, port: 8000}
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SwarmConfigCheck.check(config));

        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("services.a.hardening.cap_drop");
        assertThat(e.problems().get(0).line()).isEqualTo(2);
    }

    @Test
    void theDefaultNoNewPrivilegesIsRefusedWithHowToRunWithoutIt() throws IOException {
        FleetConfig config = load("""
                services:
                  a: {image: mimic, port: 8000}
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SwarmConfigCheck.check(config));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("services.a.hardening.no_new_privileges");
            assertThat(p.line()).as("a built-in default is written nowhere").isZero();
            assertThat(p.message()).contains("no_new_privileges: false");
        });
    }

    @Test
    void stdioServicesPassTheyArePlacedOnTheManagersNode() throws IOException {
        FleetConfig config = load("""
                services:
                  s:
                    image: mimic
                    transport: stdio
                    hardening: {no_new_privileges: false}
                """);

        assertThatCode(() -> SwarmConfigCheck.check(config)).doesNotThrowAnyException();
    }

    @Test
    void whatSwarmTakesPasses() throws IOException {
        FleetConfig config = load("""
                services:
                  a:
                    image: mimic
                    port: 8000
                    hardening: {no_new_privileges: false, read_only: true, user: "1000", tmpfs: [/tmp]}
                    sleep_policy: {mode: stop}
                """);

        assertThatCode(() -> SwarmConfigCheck.check(config)).doesNotThrowAnyException();
    }

    private FleetConfig load(String yaml) throws IOException {
        Path file = dir.resolve("services.yml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, Map.of());
    }
}
