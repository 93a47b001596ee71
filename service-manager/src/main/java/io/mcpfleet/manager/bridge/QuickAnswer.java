package io.mcpfleet.manager.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client's call whose request thread first waits a little for the answer: most calls of a stdio
 * server are answered within a millisecond, and the request thread then writes the answer as a
 * plain response and returns, with no asynchronous servlet exchange at all (profiled: the async
 * start, the container's dispatch back and its second pass over the connection were a good part of
 * the bridge's CPU per call). When the wait ends without the answer, or a message comes before it
 * (progress, logging, a request of the server), the request thread hands the call over to an
 * asynchronous {@link HttpExchange}, with what came so far, in order.
 */
final class QuickAnswer implements Caller {

    /** What the request thread got. */
    sealed interface Outcome {
    }

    /** The answer, first and last message of the call, serialized. */
    record Answered(byte[] json) implements Outcome {
    }

    /** The call ended without an answer (cancelled, the session or the process ended). */
    record Ended() implements Outcome {
    }

    /** Neither within the wait, or something else came first: go asynchronous ({@link #handOver}). */
    record Later() implements Outcome {
    }

    /** A message that came before the hand-over ({@code null}: the call ended). */
    private record Early(ObjectNode message, boolean last) {
    }

    /** The request thread (the one that makes it), parked while it waits. */
    private final Thread waiter = Thread.currentThread();
    /** Something for the waiter: set after the state, read before it (no monitor wait: see {@link #await}). */
    private volatile boolean ready;
    private final List<Early> early = new ArrayList<>();
    private byte[] answer;
    private boolean ended;
    /** The request thread stopped waiting: everything now goes to {@link #later} (once handed over). */
    private boolean waitOver;
    private Caller later;

    @Override
    public boolean deliver(ObjectNode message, boolean last) {
        Caller target;
        boolean waiting;
        synchronized (this) {
            target = later;
            waiting = !waitOver;
            if (target == null) {
                if (!waitOver && last && early.isEmpty() && !ended) {
                    answer = Messages.bytes(message);
                } else {
                    // The node is the output thread's only until this returns.
                    early.add(new Early(message.deepCopy(), last));
                }
            }
        }
        if (target == null) {
            if (waiting) {
                wake();
            }
            return true;
        }
        return target.deliver(message, last);
    }

    @Override
    public void end() {
        Caller target;
        boolean waiting;
        synchronized (this) {
            target = later;
            waiting = !waitOver;
            if (target == null) {
                if (!waitOver && early.isEmpty()) {
                    ended = true;
                } else {
                    early.add(new Early(null, false));
                }
            }
        }
        if (target == null) {
            if (waiting) {
                wake();
            }
        } else {
            target.end();
        }
    }

    private void wake() {
        ready = true;
        LockSupport.unpark(waiter);
    }

    /**
     * Waits up to {@code wait} on the request thread (the one that made this) for the answer. It parks
     * outside any monitor and the output thread unparks it: a monitor's wait and notify cost more CPU
     * per call than the whole asynchronous exchange they replace (measured: an inflated monitor per
     * call, and the woken thread contending for it with the output thread).
     */
    Outcome await(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!ready) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return outcome();
    }

    private synchronized Outcome outcome() {
        if (answer != null) {
            return new Answered(answer);
        }
        if (ended) {
            return new Ended();
        }
        waitOver = true;
        return new Later();
    }

    /**
     * Hands the call over to {@code exchange} after a {@link Later}: what came before it first, in
     * order, then everything that follows.
     */
    void handOver(Caller exchange) {
        while (true) {
            List<Early> taken;
            synchronized (this) {
                if (early.isEmpty()) {
                    later = exchange;
                    return;
                }
                taken = List.copyOf(early);
                early.clear();
            }
            for (Early e : taken) {
                if (e.message == null) {
                    exchange.end();
                } else {
                    exchange.deliver(e.message, e.last);
                }
            }
        }
    }
}
