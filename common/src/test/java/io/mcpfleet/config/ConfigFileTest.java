package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from disk: what can go wrong with the file itself, and how problems read. */
class ConfigFileTest {

    private static final String VALID = "services:\n  foo: {image: mcp/foo, port: 8000}\n";

    @TempDir
    Path dir;

    private ConfigException loadFails(Path file) {
        return assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> ConfigLoader.load(file, Map.of())).actual();
    }

    @Test
    void aFileLoadsWithItsPathAsSource() throws IOException {
        Path file = Files.writeString(dir.resolve("services.yml"), VALID);

        FleetConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.service("foo")).isPresent();
    }

    @Test
    void aMissingFileIsAProblemOfTheWholeFile() {
        ConfigException e = loadFails(dir.resolve("nope.yml"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isZero();
            assertThat(p.message()).startsWith("file not found").contains(dir.resolve("nope.yml").toString());
        });
        assertThat(e.getMessage()).startsWith(dir.resolve("nope.yml") + ": file not found");
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        assertThat(loadFails(dir).getMessage()).endsWith("is a directory, not a services.yml file");
    }

    @Test
    void aFileOverTwoMegabytesIsRefusedBeforeItIsParsed() throws IOException {
        Path file = Files.writeString(dir.resolve("huge.yml"), VALID + "#".repeat(ConfigLoader.MAX_FILE_SIZE));

        assertThat(loadFails(file).getMessage()).contains("the file is larger than 2 MB");
    }

    @Test
    void hugeTextIsRefusedByParseToo() {
        String huge = VALID + "#".repeat(ConfigLoader.MAX_FILE_SIZE);

        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> ConfigLoader.parse(huge, "big.yml", Map.of()))
                .withMessageContaining("big.yml: the file is larger than 2 MB");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws IOException {
        Path file = Files.write(dir.resolve("latin1.yml"), "services:\n  caf\u00e9: {}\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(loadFails(file).getMessage()).contains("not UTF-8");
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        Path file = Files.writeString(dir.resolve("bom.yml"), "\uFEFF" + VALID);

        assertThat(ConfigLoader.load(file, Map.of()).service("foo")).isPresent();
    }

    @Test
    void anAliasBombUnderTheAliasLimitStopsAtTheNodeBudget() {
        StringBuilder yaml = new StringBuilder("x-0: &l0 [a, b, c, d]\n");
        for (int i = 1; i <= 20; i++) {
            yaml.append("x-").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
        }
        yaml.append(VALID);

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigLoader.parse(yaml.toString(), "bomb.yml", Map.of()))
                .withMessageContaining("expands to more than " + TreeBuilder.MAX_NODES + " values");
    }

    @Test
    void everyProblemOfTheFileIsReportedInFileOrder() {
        String yaml = """
                services:
                  b:
                    image: mcp/b
                    port: 0
                  a:
                    image: mcp/a
                    port: 8000
                    resources: {memory: "12XB"}
                    sleep_policy: {idle_timout: 5m}
                """;

        ConfigException e = assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigLoader.parse(yaml, "config/services.yml", Map.of())).actual();

        assertThat(e.getMessage()).isEqualTo("""
                config/services.yml:4:11: services.b.port: must be between 1 and 65535, got 0
                config/services.yml:8:25: services.a.resources.memory: "12XB" is not a size (use e.g. 256MB, 512m, 1GiB)
                config/services.yml:9:20: services.a.sleep_policy.idle_timout: unknown key; did you mean `idle_timeout`?""");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(4, 8, 9);
    }

    @Test
    void aProblemRendersAsFileLineColumnKeyAndMessage() {
        assertThat(new ConfigProblem("config/services.yml", 12, 7, "services.foo.resources.memory", "bad").render())
                .isEqualTo("config/services.yml:12:7: services.foo.resources.memory: bad");
        assertThat(new ConfigProblem("config/services.yml", 3, 1, "", "YAML syntax: oops").render())
                .isEqualTo("config/services.yml:3:1: YAML syntax: oops");
        assertThat(new ConfigProblem("config/services.yml", 0, 0, "", "file not found").render())
                .isEqualTo("config/services.yml: file not found");
    }

    @Test
    void aDefaultThatBreaksEveryServiceIsReportedOnce() {
        String yaml = """
                defaults:
                  resources: {memory: lots}
                services:
                  a: {image: mcp/a, port: 1}
                  b: {image: mcp/b, port: 1}
                  c: {image: mcp/c, port: 1}
                """;

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigLoader.parse(yaml, "services.yml", Map.of()))
                .satisfies(e -> assertThat(e.problems()).singleElement()
                        .extracting(ConfigProblem::key).isEqualTo("defaults.resources.memory"));
    }
}
