package io.mcpfleet.mimic;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Tomcat's start and stop lines (java.util.logging, INFO) out of test output: a test starts
 * many mimics. Levels someone configured on purpose are left alone.
 */
final class TomcatLogging {

    // Held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level.
    private static final List<Logger> LOGGERS = List.of(Logger.getLogger("org.apache.catalina"),
            Logger.getLogger("org.apache.coyote"), Logger.getLogger("org.apache.tomcat"));

    private TomcatLogging() {
    }

    static void quiet() {
        for (Logger logger : LOGGERS) {
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
        }
    }
}
