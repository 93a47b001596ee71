package io.mcpfleet.mimic;

/** A mimic serving in this JVM; {@link #close()} stops it. */
public interface RunningMimic extends AutoCloseable {

    int port();

    /** {@code http://127.0.0.1:PORT} */
    String baseUrl();

    /** {@code http://127.0.0.1:PORT/mcp} */
    String mcpUrl();

    /** {@code tools/call} requests received so far (all tools). */
    long callsReceived();

    @Override
    void close();
}
