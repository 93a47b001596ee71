package io.mcpfleet.manager.bridge;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stdio server's stderr, line by line, into the manager's log with its service and instance, at
 * the rate {@link LogRate} allows: a server that logs in a loop must not drown the manager's own
 * log. A line longer than {@link #MAX_LINE} is logged as its length only.
 */
final class StderrLog implements LineSplitter.Lines {

    private static final Logger LOG = LoggerFactory.getLogger("io.mcpfleet.manager.bridge.stderr");
    static final int MAX_LINE = 4096;

    private final String service;
    private final String instance;
    private final LogRate rate;

    StderrLog(String service, String instance, LogRate rate) {
        this.service = service;
        this.instance = shortId(instance);
        this.rate = rate;
    }

    @Override
    public void line(byte[] buffer, int length) {
        log(new String(buffer, 0, length, StandardCharsets.UTF_8));
    }

    @Override
    public void tooLong(long length) {
        log("(a line of " + length + " bytes, not logged)");
    }

    private void log(String line) {
        if (!rate.allow()) {
            return;
        }
        long suppressed = rate.takeSuppressed();
        if (suppressed > 0) {
            LOG.info("service {} instance {}: {} stderr lines not logged (more than {} a second)", service, instance,
                    suppressed, rate.perSecond());
        }
        LOG.info("service {} instance {} stderr: {}", service, instance, line);
    }

    static String shortId(String containerId) {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}
