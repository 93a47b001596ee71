package io.mcpfleet.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(RemoveThisRunsContainers.class)}: after the test class, removes every container
 * this JVM's tests caused ({@link TestLabels#isThisRunsContainer}), whatever the tests left behind.
 * Assumes test classes of one JVM run one after the other (surefire's and failsafe's default).
 */
public final class RemoveThisRunsContainers implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        DockerTestSupport.removeThisRunsContainers();
    }
}
