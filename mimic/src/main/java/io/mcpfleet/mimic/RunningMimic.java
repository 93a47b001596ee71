package io.mcpfleet.mimic;

/** A mimic serving in this JVM; {@link #close()} stops it. */
public interface RunningMimic extends AutoCloseable {

    int port();

    /** {@code http://127.0.0.1:PORT} */
    String baseUrl();

    /** {@code http://127.0.0.1:PORT/mcp} */
    String mcpUrl();

    /** What {@code whoami} answers. */
    String id();

    /** {@code tools/call} requests received so far (all tools). */
    long callsReceived();

    /** {@code tools/call} requests of one tool received so far. */
    long callsReceived(String tool);

    /** Whether it still serves: false after {@link #close()} or a {@code crash} call. */
    boolean isRunning();

    /** Stops serving and frees the port; calls in flight ({@code slow}, {@code hang}) end with an error. */
    @Override
    void close();

    /**
     * Dies like a killed process: connections are dropped at once and calls in flight get no
     * answer at all (not even an error), as when a container is killed mid-call.
     */
    void kill();
}
