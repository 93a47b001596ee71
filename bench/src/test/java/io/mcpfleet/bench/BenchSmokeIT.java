package io.mcpfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestPaths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI smoke run of the benchmark suite (issue 6): every smoke scenario runs to its end against
 * the jars this build made and yields figures. Its figures are not compared with anything: a
 * shared CI machine makes them meaningless; that the suite still works is what this keeps true.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BenchSmokeIT {

    @Test
    void theSmokeRunMeasuresEveryScenarioItRuns() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        TestImages.stdioEcho();

        Bench.Result result = Bench.run("--smoke", "--repo=" + TestPaths.repoRoot(), "--java=" + java);

        assertThat(result.passed()).as("every scenario ran to its end").isTrue();
        assertThat(result.rows()).extracting(Row::area)
                .contains("overhead", "engine", "wake", "manager wake", "discovery", "scale", "stdio", "footprint");
        assertThat(result.rows()).as("rows a scenario could not measure")
                .filteredOn(row -> row.value().equals("n/a")).isEmpty();
    }
}
