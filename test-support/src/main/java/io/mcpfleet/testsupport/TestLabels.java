package io.mcpfleet.testsupport;

import java.util.Map;

/**
 * The labelling convention of test containers: every container a test causes carries one of
 * <ul>
 *   <li>{@code io.mcpfleet.fleet=test-<run id>-<n>} ({@link TestRun#fleetName()}): containers a
 *       manager under test creates. Give each manager its own fleet name starting with {@code test-}.</li>
 *   <li>{@code io.mcpfleet.test=<run id>} ({@link #forThisRun()}): containers a test creates directly.</li>
 * </ul>
 * {@link DockerTestSupport#removeThisRunsContainers()} removes this JVM's,
 * {@link DockerTestSupport#cleanupAllTestContainers()} everybody's (CI only).
 *
 * <p>Test images carry {@value #IMAGE} = {@code true}.
 */
public final class TestLabels {

    /** The manager's fleet label. */
    public static final String FLEET = "io.mcpfleet.fleet";
    /** Fleet names of managers under test start with this. */
    public static final String TEST_FLEET_PREFIX = "test-";
    /** On containers a test creates itself; the value is the {@link TestRun#id()}. */
    public static final String TEST = "io.mcpfleet.test";
    /** On every image {@link TestImages} builds. */
    public static final String IMAGE = "io.mcpfleet.test.image";

    private TestLabels() {
    }

    /** {@code io.mcpfleet.test=<run id>}: put it on every container a test creates directly. */
    public static Map<String, String> forThisRun() {
        return Map.of(TEST, TestRun.id());
    }

    /** True for the labels of a container some test (of any run) caused. */
    public static boolean isTestContainer(Map<String, String> labels) {
        String fleet = labels.get(FLEET);
        return labels.containsKey(TEST) || fleet != null && fleet.startsWith(TEST_FLEET_PREFIX);
    }

    /** True for the labels of a container this JVM's tests caused. */
    public static boolean isThisRunsContainer(Map<String, String> labels) {
        String fleet = labels.get(FLEET);
        return TestRun.id().equals(labels.get(TEST))
                || fleet != null && fleet.startsWith(TEST_FLEET_PREFIX + TestRun.id() + "-");
    }
}
