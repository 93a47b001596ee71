package io.mcpfleet.testsupport;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Identifies this test JVM, so that what it creates on the shared Docker engine can be told apart
 * from what other runs (other modules, other developers, a crashed earlier run) left there.
 */
public final class TestRun {

    private static final String ID = newId();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestRun() {
    }

    /** This JVM's run id: 8 lowercase letters and digits, e.g. {@code k3x9q2mz}. */
    public static String id() {
        return ID;
    }

    /** {@code prefix-<run id>-<n>}: unique on the engine, valid as a container, service or fleet name. */
    public static String unique(String prefix) {
        return prefix + "-" + ID + "-" + COUNTER.incrementAndGet();
    }

    /**
     * A fleet name for one manager under test: {@code test-<run id>-<n>}. The manager labels its
     * containers {@code io.mcpfleet.fleet=<fleet name>}, so they fall under {@link TestLabels}.
     */
    public static String fleetName() {
        return unique("test");
    }

    private static String newId() {
        int fourDigits = 36 * 36 * 36 * 36;
        // time first: ids of one day sort by start time, which helps in a crowded `docker ps -a`
        long seconds = System.currentTimeMillis() / 1000 % fourDigits;
        return base36(seconds) + base36(new SecureRandom().nextInt(fourDigits));
    }

    private static String base36(long value) {
        String digits = Long.toString(value, 36).toLowerCase(Locale.ROOT);
        return "0".repeat(4 - digits.length()) + digits;
    }
}
