package io.mcpfleet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestLabelsTest {

    @Test
    void containersOfManagersUnderTestAndOfTestsThemselvesAreTestContainers() {
        assertThat(TestLabels.isTestContainer(Map.of("io.mcpfleet.fleet", "test-abc-1"))).isTrue();
        assertThat(TestLabels.isTestContainer(Map.of("io.mcpfleet.test", "anything"))).isTrue();
        assertThat(TestLabels.isTestContainer(Map.of("io.mcpfleet.fleet", "production"))).isFalse();
        assertThat(TestLabels.isTestContainer(Map.of())).isFalse();
    }

    @Test
    void onlyThisRunsContainersBelongToThisRun() {
        assertThat(TestLabels.isThisRunsContainer(Map.of("io.mcpfleet.fleet", TestRun.fleetName()))).isTrue();
        assertThat(TestLabels.isThisRunsContainer(TestLabels.forThisRun())).isTrue();
        assertThat(TestLabels.isThisRunsContainer(Map.of("io.mcpfleet.fleet", "test-zzzzzzzz-1"))).isFalse();
        assertThat(TestLabels.isThisRunsContainer(Map.of("io.mcpfleet.test", "zzzzzzzz"))).isFalse();
    }

    @Test
    void uniqueNamesAreValidServiceNamesAndDoNotRepeat() {
        String first = TestRun.unique("svc");
        String second = TestRun.unique("svc");

        assertThat(TestRun.id()).matches("[a-z0-9]{8}");
        assertThat(first).matches("[a-z0-9][a-z0-9-]*").isNotEqualTo(second);
        assertThat(TestRun.fleetName()).startsWith("test-" + TestRun.id() + "-");
    }
}
