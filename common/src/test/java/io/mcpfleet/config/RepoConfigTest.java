package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The example fleet shipped in config/services.yml must always load: the manager reads it by default. */
class RepoConfigTest {

    private static Path repoConfig() {
        return RepoFiles.find("config/services.yml");
    }

    @Test
    void theExampleFleetLoadsWithAnEmptyEnvironment() {
        FleetConfig fleet = ConfigLoader.load(repoConfig(), Map.of());

        assertThat(fleet.services()).containsKeys("playwright", "sequential-thinking", "filesystem", "memory", "github",
                "postgres");
        assertThat(fleet.all()).as("the quick start must not pull images").noneMatch(ServiceSpec::autoStart);
        assertThat(fleet.all()).allMatch(s -> s.sleepPolicy().enabled());
        assertThat(fleet.all()).as("the servers run from their own images, over stdio, with no wrapper")
                .allMatch(ServiceSpec::stdioTransport)
                .noneMatch(s -> s.image().contains("translate"));
        assertThat(fleet.service("github").orElseThrow().environment()).containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN", "");
    }

    @Test
    void theExampleFleetLoadsWithTheProcessEnvironment() {
        assertThat(ConfigLoader.load(repoConfig()).services()).isNotEmpty();
    }

    @Test
    void theManagersTokenReachesTheGithubServer() {
        FleetConfig fleet = ConfigLoader.load(repoConfig(), Map.of("GITHUB_TOKEN", "ghp_example"));

        assertThat(fleet.service("github").orElseThrow().environment())
                .containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN", "ghp_example");
    }
}
