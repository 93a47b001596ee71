package io.mcpfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployment as users run it: deploy/test/compose-test.sh builds both images on a local base,
 * starts the manager and the router with docker-compose.core.yml, routes a tool call to a managed
 * container on the internal network and checks the hardening in docker inspect. Kept as a script
 * so that an operator can run the same check by hand; run here so that `mvn verify` covers it.
 */
class ComposeDeploymentIT {

    @Test
    void theComposeDeploymentRoutesACallAndIsHardened() throws IOException, InterruptedException {
        TestImages.busybox();
        TestImages.mimic();
        Path root = TestPaths.repoRoot();
        Path log = root.resolve("e2e/target/compose-test.log");
        Files.createDirectories(log.getParent());

        Process script = new ProcessBuilder(List.of("bash", "deploy/test/compose-test.sh"))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = script.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            script.destroy();
            script.waitFor(60, TimeUnit.SECONDS);
        }

        assertThat(finished).as("compose-test.sh finished within 10 minutes; %s", tail(log)).isTrue();
        assertThat(script.exitValue()).as("compose-test.sh exit status; %s", tail(log)).isZero();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                lines.size()));
    }
}
