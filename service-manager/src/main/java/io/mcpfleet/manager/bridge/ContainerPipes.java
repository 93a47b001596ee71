package io.mcpfleet.manager.bridge;

import java.io.IOException;

/**
 * What the bridge needs from the container engine: the standard streams of a container created
 * with stdin open. The docker-java implementation lives in {@code io.mcpfleet.manager.runtime};
 * tests of the bridge use a pipe in memory.
 */
public interface ContainerPipes {

    /**
     * Attaches to a container's stdin, stdout and stderr, and returns once the engine holds the
     * attachment, so that a container started afterwards loses none of its output. Attaching to a
     * running container gets only what it writes from now on.
     *
     * @throws io.mcpfleet.manager.lifecycle.ContainerRuntimeException when the engine refuses or does not answer
     */
    Pipe attach(String containerId, Listener listener);

    /** The process's stdin. */
    interface Pipe extends AutoCloseable {

        /**
         * Queues {@code bytes} for the process's stdin, whole (never interleaved with another
         * write), and returns without waiting for the process to read them.
         *
         * @throws IOException when the attachment has ended, or the process has left too much unread
         */
        void write(byte[] bytes) throws IOException;

        /** Ends the attachment (the container goes on running). */
        @Override
        void close();
    }

    /**
     * Receives what the process writes, on the attachment's own thread, in order. Chunks are
     * arbitrary slices of the stream (not lines); the array may be reused once the call returns.
     */
    interface Listener {

        void stdout(byte[] chunk, int length);

        void stderr(byte[] chunk, int length);

        /**
         * The attachment ended: the process exited, the attachment was closed, or the engine's
         * connection broke.
         *
         * @param error why, when it was not an ordinary end, else {@code null}
         */
        void closed(Throwable error);
    }
}
