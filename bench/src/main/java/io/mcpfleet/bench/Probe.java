package io.mcpfleet.bench;

import java.io.IOException;

/** Asks a server for {@code initialize} until it answers: when a started container is ready. */
final class Probe {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"" + Mcp.VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"probe\","
            + "\"version\":\"1\"}}}";

    private Probe() {
    }

    /**
     * Tries every 5 ms, each time on a fresh connection, and returns when {@code initialize} was
     * first answered ({@link System#nanoTime()}).
     */
    static long untilInitialized(int port, long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos) {
            try (Wire wire = new Wire("127.0.0.1", port, 2000)) {
                if (wire.post("/mcp", INITIALIZE).status() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not listening yet, or the engine's proxy found nothing behind it
            }
            Sleep.millis(5);
        }
        throw new IllegalStateException("nothing answered initialize on port " + port);
    }
}
