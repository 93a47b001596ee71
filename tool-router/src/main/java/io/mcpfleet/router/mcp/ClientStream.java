package io.mcpfleet.router.mcp;

import io.mcpfleet.router.sse.SseFormat;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

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

    /**
     * Answers the request with an event stream that stays open (no timeout) until either side
     * closes it; {@code ended} is told the stream once it has.
     */
    static ClientStream open(HttpServletRequest req, HttpServletResponse resp, Consumer<ClientStream> ended)
            throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        ClientStream stream = new ClientStream(async, resp.getOutputStream());
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                ended.accept(stream);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // nothing to do
            }
        });
        return stream;
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
