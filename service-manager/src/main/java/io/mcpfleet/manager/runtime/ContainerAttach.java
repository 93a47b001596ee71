package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.mcpfleet.manager.bridge.ContainerPipes;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * {@code attach}: a container's stdin, stdout and stderr over the engine's hijacked attach
 * connection ({@code POST /containers/{id}/attach?stream=1&stdin=1&stdout=1&stderr=1}), one
 * connection per container for as long as the attachment lives. Not part of
 * {@link DockerContainerRuntime}: only the bridge needs it, on a client of its own with no response
 * timeout (an attachment may be silent for hours).
 */
public final class ContainerAttach implements ContainerPipes, AutoCloseable {

    /** The engine answers an attach in milliseconds; longer means it is not there. */
    static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);
    /** What a process may leave unread on its stdin before writes fail (it is stuck or not reading). */
    static final int MAX_UNREAD_STDIN = 32 * 1024 * 1024;

    private final DockerClient streams;
    private final boolean ownsClient;
    private final UnaryOperator<String> containers;

    /** Attachments on the given client (kept open by the caller); it must have no response timeout. */
    public ContainerAttach(DockerClient streams) {
        this(streams, false, UnaryOperator.identity());
    }

    private ContainerAttach(DockerClient streams, boolean ownsClient, UnaryOperator<String> containers) {
        this.streams = streams;
        this.ownsClient = ownsClient;
        this.containers = containers;
    }

    /** Attachments to the engine at {@code dockerHost} on a stream client of their own. */
    public static ContainerAttach forHost(String dockerHost) {
        return forHost(dockerHost, UnaryOperator.identity());
    }

    /**
     * Attachments to the engine at {@code dockerHost}, to the container {@code containers} names for an
     * instance id (on Swarm an instance is a service, attached at its task's container).
     */
    public static ContainerAttach forHost(String dockerHost, UnaryOperator<String> containers) {
        return new ContainerAttach(DockerClients.forStreams(dockerHost), true, containers);
    }

    @Override
    public Pipe attach(String instanceId, Listener listener) {
        String containerId = containers.apply(instanceId);
        StdinQueue stdin = new StdinQueue(MAX_UNREAD_STDIN);
        Attachment attachment = new Attachment(listener, stdin);
        try {
            streams.attachContainerCmd(containerId)
                    .withStdIn(stdin)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .withLogs(false)
                    .exec(attachment);
            attachment.started.get(ATTACH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return attachment;
        } catch (ExecutionException e) {
            attachment.close();
            throw DockerErrors.map("attach", containerId, e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException(e.getCause()));
        } catch (TimeoutException e) {
            attachment.close();
            throw new ContainerRuntimeException("attach", containerId, "the engine did not accept the attachment within "
                    + ATTACH_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attachment.close();
            throw new ContainerRuntimeException("attach", containerId, "interrupted", e);
        } catch (RuntimeException e) {
            attachment.close();
            throw DockerErrors.map("attach", containerId, e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            Closing.quietly(streams);
        }
    }

    /** One attachment: the engine's frames to the listener, the bridge's writes to stdin. */
    private static final class Attachment implements ResultCallback<Frame>, Pipe {

        private final Listener listener;
        private final StdinQueue stdin;
        private final CompletableFuture<Void> started = new CompletableFuture<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Closeable stream;

        Attachment(Listener listener, StdinQueue stdin) {
            this.listener = listener;
            this.stdin = stdin;
        }

        @Override
        public void onStart(Closeable stream) {
            this.stream = stream;
            started.complete(null);
        }

        @Override
        public void onNext(Frame frame) {
            // docker-java reuses the payload array of full 1 KiB reads: the listener consumes it before returning.
            byte[] payload = frame.getPayload();
            if (frame.getStreamType() == StreamType.STDERR) {
                listener.stderr(payload, payload.length);
            } else if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.RAW) {
                listener.stdout(payload, payload.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            started.completeExceptionally(error);
            end(error);
        }

        @Override
        public void onComplete() {
            started.complete(null);
            end(null);
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (ended.get()) {
                throw new IOException("the attachment has ended");
            }
            stdin.offer(bytes);
        }

        @Override
        public void close() {
            end(null);
        }

        private void end(Throwable error) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            // Ends docker-java's stdin copying thread, which would otherwise wait for input forever.
            stdin.close();
            Closeable s = stream;
            if (s != null) {
                Closing.quietly(s);
            }
            listener.closed(error);
        }
    }
}
