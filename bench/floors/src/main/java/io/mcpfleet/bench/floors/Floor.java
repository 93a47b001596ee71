package io.mcpfleet.bench.floors;

/** A running floor: where it listens; {@link #close()} stops it. */
public interface Floor extends AutoCloseable {

    /** The path router-ab.sh polls until a target is ready; a floor answers it itself. */
    String READINESS = "/actuator/health/readiness";

    int port();

    @Override
    void close();
}
