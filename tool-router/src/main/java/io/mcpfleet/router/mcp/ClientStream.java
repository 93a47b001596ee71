package io.mcpfleet.router.mcp;

import io.mcpfleet.router.sse.SseFormat;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client's GET stream: server-initiated messages ({@code notifications/tools/list_changed},
 * what bound backends send outside calls) are written to it from any thread, one at a time.
 */
final class ClientStream {

    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

    private final AsyncContext async;
    private final OutputStream out;
    // A lock, not synchronized: writes block on the network and must not pin virtual threads.
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    ClientStream(AsyncContext async, OutputStream out) {
        this.async = async;
        this.out = out;
    }

    boolean closed() {
        return closed;
    }

    void send(byte[] json) {
        write(json, false);
    }

    void ping() {
        write(PING, true);
    }

    private void write(byte[] bytes, boolean raw) {
        if (closed) {
            return;
        }
        lock.lock();
        try {
            if (raw) {
                out.write(bytes);
            } else {
                SseFormat.writeMessage(out, bytes);
            }
            out.flush();
        } catch (IOException | IllegalStateException e) {
            close();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed by the container (client went away)
        }
    }
}
