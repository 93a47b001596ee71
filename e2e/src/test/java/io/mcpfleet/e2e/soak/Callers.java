package io.mcpfleet.e2e.soak;

import io.mcpfleet.testsupport.RawMcp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Client threads that call one tool until told to stop, each with its own connections, a pause
 * between calls, and a new session every few calls (the old one ended with DELETE), so that a
 * soak also churns sessions. Every answer goes to the {@link CallTally}.
 */
final class Callers {

    private final RawMcp raw;
    private final CallTally tally;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Callers(RawMcp raw, CallTally tally) {
        this.raw = raw;
        this.tally = tally;
    }

    /** Starts {@code clients} threads calling {@code tool}; a call's kind is {@code kind} in the tally. */
    void start(String kind, int clients, String tool, String argumentsJson, Duration pause, int callsPerSession) {
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> loop(kind, tool, argumentsJson, pause, callsPerSession), "soak-" + kind + "-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(String kind, String tool, String argumentsJson, Duration pause, int callsPerSession) {
        RawMcp client = raw.withOwnConnections();
        RawMcp.Session session = null;
        int calls = 0;
        while (!stopped.get()) {
            try {
                if (session == null || calls++ % callsPerSession == 0) {
                    if (session != null) {
                        session.delete();
                    }
                    session = client.initialize();
                }
                tally.record(kind, session.call(tool, argumentsJson));
            } catch (RuntimeException e) {
                tally.recordException(kind, e);
                session = null;
            }
            sleep(pause);
        }
        if (session != null) {
            session.delete();
        }
    }

    /** Stops every caller and waits for the calls in flight. */
    void stop() {
        stopped.set(true);
        for (Thread t : threads) {
            try {
                t.join(Duration.ofMinutes(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
