package io.mcpfleet.e2e;

import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls that flow while a test breaks something: {@code clients} threads, each with its own
 * session, calling one tool back to back until {@link #stop()}. Every answer that is not a
 * successful result counts as a failure, with the first few kept for the assertion message.
 *
 * <pre>{@code
 * try (BackgroundCalls calls = BackgroundCalls.start(fleet.raw(), 4, "svc__echo", "{\"text\":\"x\"}")) {
 *     calls.awaitMore(20);
 *     ... break something ...
 *     assertThat(calls.stop().failures()).isEmpty();
 * }
 * }</pre>
 */
public final class BackgroundCalls implements AutoCloseable {

    private static final int KEPT_FAILURES = 20;

    /** What flowed: calls made, and the failures among them (the first {@value #KEPT_FAILURES}). */
    public record Result(long calls, long failed, List<String> failures) {
    }

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private BackgroundCalls() {
    }

    /** Starts {@code clients} callers of {@code tool} with {@code argumentsJson}, each in its own session. */
    public static BackgroundCalls start(RawMcp raw, int clients, String tool, String argumentsJson) {
        BackgroundCalls load = new BackgroundCalls();
        for (int c = 0; c < clients; c++) {
            RawMcp.Session session = raw.withOwnConnections().initialize();
            Thread t = new Thread(() -> load.callUntilStopped(session, tool, argumentsJson), "calls-" + tool + "-" + c);
            t.setDaemon(true);
            load.threads.add(t);
            t.start();
        }
        return load;
    }

    private void callUntilStopped(RawMcp.Session session, String tool, String argumentsJson) {
        while (!stopped.get()) {
            String failure;
            try {
                RawResponse response = session.call(tool, argumentsJson);
                failure = response.status() == 200 && response.answer().has("result")
                        && !response.answer().path("result").path("isError").asBoolean() ? null : response.toString();
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            calls.incrementAndGet();
            if (failure != null) {
                failed.incrementAndGet();
                if (failures.size() < KEPT_FAILURES) {
                    failures.add(failure);
                }
            }
        }
    }

    public long calls() {
        return calls.get();
    }

    /** Waits (up to two minutes: the machine is shared) until {@code n} more calls have been made. */
    public void awaitMore(int n) {
        long target = calls.get() + n;
        await(n + " more calls").atMost(Duration.ofMinutes(2)).until(() -> calls.get() >= target);
    }

    /** Stops the callers, lets the calls in flight end, and returns what flowed. */
    public Result stop() {
        stopped.set(true);
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(90).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Result(calls.get(), failed.get(), List.copyOf(failures));
    }

    @Override
    public void close() {
        stopped.set(true);
    }
}
