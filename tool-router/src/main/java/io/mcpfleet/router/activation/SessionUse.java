package io.mcpfleet.router.activation;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How recently a client session was used, as activity counts it: a session bound to a service
 * keeps that service awake only while it is in use, so a gateway that holds one MCP session open
 * for days does not keep every server it ever called awake. {@code ping} is not use.
 */
public final class SessionUse {

    private final AtomicInteger running = new AtomicInteger();
    private volatile long lastMillis;
    private volatile boolean streamOpen;

    public SessionUse(long nowMillis) {
        this.lastMillis = nowMillis;
    }

    /** A request of the session began. */
    public void began(long nowMillis) {
        running.incrementAndGet();
        lastMillis = nowMillis;
    }

    /** A request of the session ended. */
    public void ended(long nowMillis) {
        lastMillis = nowMillis;
        running.decrementAndGet();
    }

    /** Whether the client holds the session's GET stream open (what bound services send outside calls reaches it). */
    public void streamOpen(boolean open) {
        streamOpen = open;
    }

    /** In use now, or a request ended at most {@code withinMillis} ago. */
    boolean live(long nowMillis, long withinMillis) {
        return running.get() > 0 || nowMillis - lastMillis <= withinMillis;
    }

    boolean holdsStream() {
        return streamOpen;
    }
}
