package io.mcpfleet.manager.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * What the lifecycle needs from a container engine. The docker-java implementation lives in
 * {@code io.mcpfleet.manager.runtime}; tests of the lifecycle use an in-memory one.
 *
 * <p>Every operation either succeeds or throws {@link ContainerRuntimeException} (or one of its
 * subclasses) whose message names the operation and the container. Operations on a container
 * that is already in the wanted state (stop a stopped one, remove a removed one) succeed.
 *
 * <p>Implementations are thread-safe; the lifecycle serialises work per service, not globally.
 */
public interface ContainerRuntime {

    /** Creates (does not start) a container; returns its id. */
    String create(ContainerSpec spec);

    void start(String id);

    /** Stops gracefully, killing after {@code grace}. */
    void stop(String id, Duration grace);

    /** Removes the container, forcing if it still runs. */
    void remove(String id);

    void pause(String id);

    void unpause(String id);

    /** The container now, or empty if it no longer exists. */
    Optional<ContainerSnapshot> inspect(String id);

    /** Every container (in any state) that carries all the given labels. */
    List<ContainerSnapshot> list(Map<String, String> labels);

    /**
     * Like {@link #list}, but only what the engine's list call answers (one call, where
     * {@code list} also inspects every container): for the periodic check that nothing changed.
     */
    List<ListedContainer> listed(Map<String, String> labels);

    /**
     * Streams engine events of containers carrying all the given labels, until the returned handle
     * is closed. The listener runs on the runtime's own thread and must not block. If the engine
     * connection drops, the implementation reconnects and calls {@code onReconnect} so the caller can
     * resynchronise what it may have missed.
     */
    AutoCloseable subscribe(Map<String, String> labels, Consumer<ContainerEvent> listener, Runnable onReconnect);

    /**
     * The latest resource sample of a running container, without a blocking call to the engine
     * (each {@code stats} request costs 1-1.5 s): empty until the first sample has arrived.
     */
    Optional<ResourceUsage> usage(String id);

    /**
     * {@link #usage} for a reader of the CPU figure (the autoscaler): an implementation that samples
     * memory readers less often samples the containers this is asked about at its full pace.
     */
    default Optional<ResourceUsage> cpuUsage(String id) {
        return usage(id);
    }

    /** Throws {@link EngineUnavailableException} when the engine does not answer. */
    void ping();

    /**
     * Reads the container's output (stdout and stderr, each line with the engine's time): the lines
     * {@code query} selects, oldest first, then, when it follows, each new line as it is written,
     * until the container stops or the returned handle is closed (which frees the engine's stream).
     * Returns at once; {@code receiver} gets the lines and then one {@link LogReceiver#ended}.
     * Runtimes that keep no output fail the receiver with a {@link ContainerRuntimeException}.
     */
    default AutoCloseable logs(String id, LogQuery query, LogReceiver receiver) {
        receiver.ended(new ContainerRuntimeException("read the output of", id, "this runtime keeps no container output",
                null));
        return () -> { };
    }

    /**
     * The memory of the engine's host in bytes, as the engine reports it ({@code docker info}'s
     * total memory), or empty when it does not say. Asked once, at start-up, for the memory budget.
     */
    default OptionalLong memoryTotal() {
        return OptionalLong.empty();
    }

    /**
     * Whether an instance's streams can be attached between its create and its start (a container
     * exists then). False where the runtime makes the container only at the start (a Swarm task): stdio
     * instances are then attached right after the start, which waits until the container runs; a stdio
     * server speaks only when spoken to, so nothing it answers is lost.
     */
    default boolean attachesBeforeStart() {
        return true;
    }
}
