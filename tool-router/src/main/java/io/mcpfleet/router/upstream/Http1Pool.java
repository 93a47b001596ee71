package io.mcpfleet.router.upstream;

import java.io.IOException;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections by backend endpoint, most recently used first (so a steady load
 * keeps a few hot connections and the rest age out). A connection is taken only if the server
 * has not closed it meanwhile; connections idle longer than {@code maxIdle} are closed by
 * {@link #closeIdle()}. Lock-free: a deque per endpoint (kept once made: endpoints are few, and
 * dropping one could strand a connection released into it at that moment).
 */
final class Http1Pool implements AutoCloseable {

    /** How often reads past their deadline are looked for: deadlines hold to within this. */
    private static final long DEADLINE_SCAN_MILLIS = 25;

    private final Map<Http1Endpoint, Deque<Http1Connection>> idle = new ConcurrentHashMap<>();
    /** Every open connection this pool made, in use or idle: {@link #closeOverdue()} looks at them. */
    private final Set<Http1Connection> open = ConcurrentHashMap.newKeySet();
    private final int connectTimeoutMillis;
    private final long maxIdleNanos;

    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "router-read-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    Http1Pool(int connectTimeoutMillis, long maxIdleMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxIdleNanos = TimeUnit.MILLISECONDS.toNanos(maxIdleMillis);
        deadlines.scheduleWithFixedDelay(this::closeOverdue, DEADLINE_SCAN_MILLIS, DEADLINE_SCAN_MILLIS,
                TimeUnit.MILLISECONDS);
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
        Http1Connection made = Http1Connection.open(endpoint, connectTimeoutMillis);
        open.add(made);
        return made;
    }

    /**
     * Closes the connections whose read is past its deadline (reads block without a socket
     * timeout), and forgets the closed ones. Run every few tens of milliseconds: a deadline is
     * kept to within that.
     */
    void closeOverdue() {
        long now = System.nanoTime();
        for (Http1Connection c : open) {
            if (c.closed() || c.closeIfOverdue(now)) {
                open.remove(c);
            }
        }
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
        deadlines.shutdownNow();
        idle.values().forEach(d -> d.forEach(Http1Connection::close));
        idle.clear();
        open.forEach(Http1Connection::close);
        open.clear();
    }
}
