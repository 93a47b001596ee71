package io.mcpfleet.bench;

import java.io.IOException;

/**
 * Asks a server until it answers: {@code initialize} for an MCP server, a GET for a plain HTTP one.
 * That is when a started container is ready.
 */
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
        return until(port, deadlineNanos, "initialize", wire -> wire.post("/mcp", INITIALIZE));
    }

    /** The same with {@code GET /} answered 200 (busybox's httpd). */
    static long untilHttp200(int port, long deadlineNanos) {
        return until(port, deadlineNanos, "GET /", wire -> wire.get("/"));
    }

    private interface Ask {
        Wire.Answer on(Wire wire) throws IOException;
    }

    private static long until(int port, long deadlineNanos, String what, Ask ask) {
        while (System.nanoTime() < deadlineNanos) {
            try (Wire wire = new Wire("127.0.0.1", port, 2000)) {
                if (ask.on(wire).status() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not listening yet, or the engine's proxy found nothing behind it
            }
            Sleep.millis(5);
        }
        throw new IllegalStateException("nothing answered " + what + " on port " + port);
    }
}
