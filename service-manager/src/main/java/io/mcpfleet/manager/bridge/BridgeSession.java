package io.mcpfleet.manager.bridge;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's MCP session with a bridged process: its {@code Mcp-Session-Id}, its calls in flight
 * by the client's ids (for cancellation), and its GET stream. Sessions belong to one process
 * start: a new process (a restart, a wake from stop) knows none of them.
 */
final class BridgeSession {

    private static final SecureRandom RANDOM = new SecureRandom();

    final String id;
    /** Calls in flight, by the bridge's id. Changed under the call table's lock. */
    final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();
    private volatile Caller stream;
    private volatile long lastUsedMillis;
    private volatile boolean closed;

    BridgeSession(long nowMillis) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        this.id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        this.lastUsedMillis = nowMillis;
    }

    /** The GET stream, or {@code null}. */
    Caller stream() {
        return stream;
    }

    /** Sets the GET stream and returns the one it replaces (a newer GET wins), or {@code null}. */
    Caller replaceStream(Caller next) {
        Caller old = stream;
        stream = next;
        return old;
    }

    /** Forgets the GET stream if it is still {@code current}. */
    void dropStream(Caller current) {
        if (stream == current) {
            stream = null;
        }
    }

    void used(long nowMillis) {
        lastUsedMillis = nowMillis;
    }

    /** Idle: nothing in flight, no GET stream, no request since {@code sinceMillis}. */
    boolean idleSince(long sinceMillis) {
        return calls.isEmpty() && stream == null && lastUsedMillis < sinceMillis;
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
    }
}
