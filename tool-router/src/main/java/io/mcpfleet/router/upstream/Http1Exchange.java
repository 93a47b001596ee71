package io.mcpfleet.router.upstream;

import io.mcpfleet.router.sse.SseDecoder;
import io.mcpfleet.router.sse.SseTooLargeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One POST to a backend over the router's own HTTP/1.1 client ({@link HttpTransport}): the request
 * is written and its answer read on the caller's thread over a pooled keep-alive connection, no
 * hand-off to other threads on the hot path. Nothing is buffered beyond the event being decoded,
 * and whole SSE bodies never are.
 */
final class Http1Exchange implements UpstreamExchange {

    /** How long the rest of a stream may take once its answer is in hand (servers end it at once). */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final int ERROR_BODY_LIMIT = 4096;

    private final Http1Pool pool;
    private final Http1Endpoint endpoint;
    private final byte[] head;
    private final byte[] body;
    private final int maxMessageBytes;
    private final ArrayDeque<Object> ready = new ArrayDeque<>(2);
    private volatile Http1Connection connection;
    private Http1Response response;
    private SseDecoder decoder;
    private byte[] buffer;
    private boolean started;
    private boolean ok;
    private boolean finished;
    private volatile boolean aborted;

    /**
     * @param head the request line and headers, ending with the empty line
     * @param body the JSON-RPC message
     */
    Http1Exchange(Http1Pool pool, Http1Endpoint endpoint, byte[] head, byte[] body, int maxMessageBytes) {
        this.pool = pool;
        this.endpoint = endpoint;
        this.head = head;
        this.body = body;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public Object next(long deadlineNanos) {
        if (aborted) {
            release(false);
            return ABORTED;
        }
        Object item = ready.poll();
        if (item != null) {
            return item;
        }
        if (finished) {
            return END;
        }
        if (deadlineNanos - System.nanoTime() <= 0) {
            return TIMEOUT;
        }
        try {
            return started ? read(deadlineNanos) : open(deadlineNanos);
        } catch (SocketTimeoutException e) {
            release(false);
            return aborted ? ABORTED : TIMEOUT;
        } catch (IOException | RuntimeException e) {
            release(false);
            return aborted ? ABORTED : new Failure(e);
        }
    }

    /** Reads what is left of the body, briefly, so the connection can be reused. */
    @Override
    public void finish() {
        if (finished || aborted || !started) {
            release(finished);
            return;
        }
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (true) {
            Object item = next(deadline);
            if (item == END || item == ABORTED || item == TIMEOUT || item instanceof Failure) {
                release(item == END);
                return;
            }
        }
    }

    /** Closes the connection: a read blocked on it ends at once. */
    @Override
    public void abort() {
        aborted = true;
        Http1Connection c = connection;
        if (c != null) {
            c.close();
        }
    }

    private Object open(long deadlineNanos) throws IOException {
        started = true;
        Http1Connection c;
        try {
            c = pool.acquire(endpoint);
        } catch (ConnectException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Nothing was sent: whatever stopped the connection (a timeout, no route), the
            // instance is unreachable, not slow.
            ConnectException unreachable = new ConnectException("cannot connect: " + e);
            unreachable.initCause(e);
            throw unreachable;
        }
        connection = c;
        if (aborted) {
            throw new IOException("aborted");
        }
        c.write(ByteBuffer.wrap(head), ByteBuffer.wrap(body));
        response = Http1Response.read(c, deadlineNanos);
        int status = response.status;
        ok = status / 100 == 2;
        String type = response.contentType;
        boolean sse = ok && eventStream(type);
        String sessionId = response.sessionId;
        if (sessionId != null && !visibleAscii(sessionId)) {
            throw new IOException("the instance sent an Mcp-Session-Id that is not visible ASCII");
        }
        if (response.done()) {
            finished = true;
            release(true);
        } else if (sse) {
            decoder = new SseDecoder(maxMessageBytes, e -> {
                if (e.isMessage() && e.data().length > 0) {
                    ready.add(new Message(e.data()));
                }
            });
        }
        return new Head(status, sse, sessionId);
    }

    private Object read(long deadlineNanos) throws IOException {
        if (decoder == null) {
            return readWhole(deadlineNanos);
        }
        if (buffer == null) {
            buffer = new byte[8192];
        }
        while (true) {
            int n = response.read(buffer, 0, buffer.length, deadlineNanos);
            if (n < 0) {
                finished = true;
                release(true);
                Object item = ready.poll();
                return item != null ? item : END;
            }
            try {
                decoder.feed(buffer, 0, n);
            } catch (SseTooLargeException e) {
                release(false);
                return new Failure(e);
            }
            Object item = ready.poll();
            if (item != null) {
                return item;
            }
        }
    }

    /** A JSON body (or an error body, kept only as far as its head): read whole, then the exchange is done. */
    private Object readWhole(long deadlineNanos) throws IOException {
        int limit = ok ? maxMessageBytes : ERROR_BODY_LIMIT;
        long known = response.knownLength();
        byte[] bytes = new byte[known >= 0 && known <= limit ? (int) known : 512];
        int length = 0;
        while (true) {
            if (length == bytes.length && !response.done()) {
                if (length >= limit) {
                    release(false);
                    if (ok) {
                        return new Failure(new SseTooLargeException(limit));
                    }
                    return END;
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min((long) limit, length * 2L));
            }
            int n = response.read(bytes, length, bytes.length - length, deadlineNanos);
            if (n < 0) {
                break;
            }
            length += n;
        }
        finished = true;
        release(true);
        if (length == 0 || (!ok && bytes[0] != '{')) {
            // An error body that is a JSON object goes to the caller: a 2026-07-28 server answers
            // its protocol errors with 4xx and a JSON-RPC error, which a relay passes on.
            return END;
        }
        return new Message(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
    }

    /** Whether a 2xx answer of this {@code Content-Type} is an SSE stream (case-insensitive, without a lowered copy a call). */
    static boolean eventStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    /** A header value the router may send back (no control characters: no header injection). */
    static boolean visibleAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return !value.isEmpty();
    }

    /** Gives the connection back: to the pool when the body was read to its end, else closed. */
    private void release(boolean reusable) {
        finished = true;
        Http1Connection c = connection;
        if (c == null) {
            return;
        }
        connection = null;
        if (reusable && !aborted && response != null && response.reusable()) {
            pool.release(c);
        } else {
            c.close();
        }
    }
}
