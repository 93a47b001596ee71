package io.mcpfleet.manager.bridge;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client exchange with a bridged process, on an asynchronous servlet response: a POST whose
 * request waits for its answer, or a session's GET stream. Messages are queued by the process's
 * output thread (which must never wait) and written by a writer thread, one drain at a time per
 * exchange, so a client that reads slowly holds up only its own exchange. Past {@code maxBuffered}
 * queued bytes the exchange is cut.
 *
 * <p>A POST is answered with JSON when its response is the first message and the client accepts
 * JSON; otherwise (progress, logging or a server request before it, or a client that accepts only
 * SSE) as an event stream. A GET is an event stream from the start.
 */
final class HttpExchange implements Caller, AsyncListener {

    private static final byte[] EVENT = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private enum Mode { UNDECIDED, JSON, SSE }

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final boolean acceptsJson;
    private final boolean acceptsSse;
    private final long maxBuffered;
    private final Executor writers;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private Runnable onGone = () -> { };
    private Mode mode;
    private boolean headersSent;
    private long queued;
    private boolean draining;
    private boolean finished;
    private boolean gone;

    private record Item(byte[] bytes, boolean last, boolean comment) {
    }

    /**
     * @param stream whether this is a GET stream (SSE from the start, never finished by a message)
     */
    HttpExchange(AsyncContext async, HttpServletResponse response, boolean acceptsJson, boolean acceptsSse,
                 boolean stream, long maxBuffered, Executor writers) {
        this.async = async;
        this.response = response;
        this.acceptsJson = acceptsJson;
        this.acceptsSse = acceptsSse;
        this.maxBuffered = maxBuffered;
        this.writers = writers;
        this.mode = stream ? Mode.SSE : Mode.UNDECIDED;
        async.addListener(this);
    }

    /** What to do when the client goes away or the exchange is cut (cancel the call, forget the stream). */
    void onGone(Runnable action) {
        this.onGone = action;
    }

    /** Sends the event stream's headers at once (a GET: the client learns the stream is open). */
    void openStream() {
        enqueue(new Item(null, false, true));
    }

    @Override
    public boolean deliver(ObjectNode message, boolean last) {
        byte[] bytes = Messages.bytes(message);
        if (last && answerInPlace(bytes)) {
            return true;
        }
        return enqueue(new Item(bytes, last, false));
    }

    /**
     * The common case, a call whose answer is its first message, answered as JSON on the calling
     * thread: the bytes go into the response's buffer (they fit, so nothing touches the socket here
     * and the process's output thread cannot block) and the exchange completes; the container writes
     * it. This saves the hand-off to a writer thread (profiled: a third of the bridge's CPU per call,
     * and a context switch). Anything else, or an answer longer than the buffer, goes the queued way.
     */
    private boolean answerInPlace(byte[] bytes) {
        if (!acceptsJson || bytes.length >= response.getBufferSize()) {
            return false;
        }
        synchronized (this) {
            if (mode != Mode.UNDECIDED || finished || gone || draining || !queue.isEmpty()) {
                return false;
            }
            draining = true;
            finished = true;
        }
        try {
            mode = Mode.JSON;
            response.setContentType("application/json");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } catch (IOException | IllegalStateException e) {
            goneNow();
        }
        complete();
        return true;
    }

    @Override
    public void keepAlive() {
        enqueue(new Item(KEEP_ALIVE, false, true));
    }

    @Override
    public void end() {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        schedule();
    }

    private boolean enqueue(Item item) {
        boolean cut = false;
        synchronized (this) {
            if (finished || gone) {
                return false;
            }
            int size = item.bytes == null ? 0 : item.bytes.length;
            if (!item.comment && queued + size > maxBuffered) {
                // The client reads too slowly: drop what it has not read and end its exchange.
                queue.clear();
                queued = 0;
                finished = true;
                gone = true;
                cut = true;
            } else {
                queue.add(item);
                queued += size;
                finished = item.last;
            }
        }
        schedule();
        if (cut) {
            onGone.run();
            return false;
        }
        return true;
    }

    private void schedule() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            writers.execute(this::drain);
        } catch (RejectedExecutionException closing) {
            complete();
        }
    }

    private void drain() {
        while (true) {
            List<Item> batch;
            synchronized (this) {
                if (queue.isEmpty()) {
                    draining = false;
                    if (finished || gone) {
                        break;
                    }
                    return;
                }
                batch = new ArrayList<>(queue);
                queue.clear();
            }
            try {
                write(batch);
                synchronized (this) {
                    batch.forEach(item -> queued -= item.bytes == null || item.comment ? 0 : item.bytes.length);
                }
            } catch (IOException | IllegalStateException e) {
                goneNow();
                break;
            }
        }
        complete();
    }

    private void write(List<Item> batch) throws IOException {
        ServletOutputStream out = response.getOutputStream();
        for (Item item : batch) {
            if (mode == Mode.UNDECIDED) {
                if (item.comment) {
                    continue;
                }
                boolean json = item.last && acceptsJson;
                if (!json && !acceptsSse) {
                    continue; // a JSON-only client gets the response and nothing before it
                }
                mode = json ? Mode.JSON : Mode.SSE;
            }
            if (mode == Mode.JSON) {
                // The status stays what the servlet set (200 unless it says otherwise, e.g. 503 for a failed initialize).
                response.setContentType("application/json");
                response.setContentLength(item.bytes.length);
                out.write(item.bytes);
                continue;
            }
            if (!headersSent) {
                headersSent = true;
                response.setContentType("text/event-stream");
                response.setHeader("Cache-Control", "no-cache");
                response.setHeader("X-Accel-Buffering", "no");
            }
            if (item.bytes == null) {
                continue;
            }
            if (item.comment) {
                out.write(item.bytes);
            } else {
                out.write(EVENT);
                out.write(item.bytes);
                out.write(EVENT_END);
            }
        }
        out.flush();
    }

    private void goneNow() {
        boolean first;
        synchronized (this) {
            first = !gone;
            gone = true;
            finished = true;
            queue.clear();
        }
        if (first) {
            onGone.run();
        }
    }

    private void complete() {
        synchronized (this) {
            draining = false;
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // completed by a timeout or an error the container reported first
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        goneNow();
        complete();
    }

    @Override
    public void onError(AsyncEvent event) {
        goneNow();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
            finished = true;
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
