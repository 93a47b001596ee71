package io.mcpfleet.bench;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the engine itself needs to bring an image's server back, the floor a wake is compared with:
 * a container of the same image driven directly through the engine API (no manager, no client
 * library), from the step to the server's first answer, polled every 5 ms on fresh connections.
 */
final class EngineFloor {

    /** The step measured: a new container (create and start), a stopped one started, a paused one unpaused. */
    enum Step { CREATE, START, UNPAUSE }

    /** The image a floor is measured for, and how its server shows it is ready. */
    enum Image {
        /** The mimic (a JVM MCP server), answering JSON: ready when it answers {@code initialize}. */
        MIMIC(FleetFiles.MIMIC, Map.of("MIMIC_JSON_RESPONSE", "true", "PORT", "8000")),
        /** busybox {@code httpd}: ready when {@code GET /} answers 200. */
        BUSYBOX(FleetFiles.BUSYBOX, Map.of());

        final String tag;
        final Map<String, String> environment;

        Image(String tag, Map<String, String> environment) {
            this.tag = tag;
            this.environment = environment;
        }

        long awaitReady(int port) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            return this == MIMIC ? Probe.untilInitialized(port, deadline) : Probe.untilHttp200(port, deadline);
        }
    }

    private EngineFloor() {
    }

    /** One measurement of {@code step} for {@code image}, in milliseconds; the container is removed after. */
    static double millis(Setup setup, Image image, Step step) throws IOException {
        Engine engine = setup.engine();
        int port = Setup.freePort();
        String id = engine.create("bench-floor-" + System.nanoTime(), image.tag, image.environment, 8000, port,
                Map.of(Setup.LABEL, setup.fleet()));
        try {
            long t0 = System.nanoTime();
            engine.start(id);
            long ready = image.awaitReady(port);
            if (step == Step.CREATE) {
                return millisSince(t0, ready);
            }
            if (step == Step.START) {
                engine.stop(id, 10);
                long t1 = System.nanoTime();
                engine.start(id);
                return millisSince(t1, image.awaitReady(port));
            }
            engine.pause(id);
            Sleep.millis(200);
            long t2 = System.nanoTime();
            engine.unpause(id);
            return millisSince(t2, image.awaitReady(port));
        } finally {
            engine.remove(id);
        }
    }

    static double millisSince(long t0, long t1) {
        return (t1 - t0) / 1e6;
    }
}
