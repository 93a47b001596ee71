package io.mcpfleet.router.upstream;

import java.io.IOException;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections by backend endpoint, most recently used first (so a steady load
 * keeps a few hot connections and the rest age out). A connection is taken only if the server
 * has not closed it meanwhile; connections idle longer than {@code maxIdle} are closed by
 * {@link #closeIdle()}. Lock-free: a deque per endpoint (kept once made: endpoints are few, and
 * dropping one could strand a connection released into it at that moment).
 */
final class Http1Pool implements AutoCloseable {

    private final Map<Http1Endpoint, Deque<Http1Connection>> idle = new ConcurrentHashMap<>();
    private final int connectTimeoutMillis;
    private final long maxIdleNanos;

    Http1Pool(int connectTimeoutMillis, long maxIdleMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxIdleNanos = TimeUnit.MILLISECONDS.toNanos(maxIdleMillis);
    }

    /** An idle connection to the endpoint that still works, or a new one. */
    Http1Connection acquire(Http1Endpoint endpoint) throws IOException {
        Deque<Http1Connection> connections = idle.get(endpoint);
        if (connections != null) {
            Http1Connection c;
            while ((c = connections.pollFirst()) != null) {
                if (!c.stale()) {
                    return c;
                }
                c.close();
            }
        }
        return Http1Connection.open(endpoint, connectTimeoutMillis);
    }

    /** Gives a connection whose last response was read to its end back for the next exchange. */
    void release(Http1Connection connection) {
        if (connection.closed() || connection.hasUnread()) {
            connection.close();
            return;
        }
        connection.idle();
        idle.computeIfAbsent(connection.endpoint, e -> new ConcurrentLinkedDeque<>()).offerFirst(connection);
    }

    /** Closes connections idle too long. */
    void closeIdle() {
        long now = System.nanoTime();
        for (Deque<Http1Connection> connections : idle.values()) {
            for (Http1Connection c : connections) {
                // Close only what this thread took out: an exchange may have taken it meanwhile.
                if (c.idleNanos(now) > maxIdleNanos && connections.removeFirstOccurrence(c)) {
                    c.close();
                }
            }
        }
    }

    /** Idle connections now (all endpoints). */
    int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    @Override
    public void close() {
        idle.values().forEach(d -> d.forEach(Http1Connection::close));
        idle.clear();
    }
}
