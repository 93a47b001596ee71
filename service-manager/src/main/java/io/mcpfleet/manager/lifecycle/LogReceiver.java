package io.mcpfleet.manager.lifecycle;

/**
 * Where {@link ContainerRuntime#logs} delivers a container's output. Both methods run on a thread
 * of the runtime's, one line after another; they may block briefly (a slow reader slows the
 * engine's stream, which is what bounds it) but must return.
 */
public interface LogReceiver {

    void line(OutputLine line);

    /**
     * The output ended: every asked-for line was delivered (and, when following, the container
     * stopped or the handle was closed), {@code error} {@code null}; or reading failed.
     * Called exactly once.
     */
    void ended(Throwable error);
}
