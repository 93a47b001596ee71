package io.mcpfleet.mimic;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;

/**
 * The stop signal that waiting tools watch, so that {@code slow} and {@code hang} end when the
 * mimic stops instead of holding its threads, and what a {@code crash} does.
 */
final class Lifecycle {

    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Runnable crash = () -> { };

    /** In a container the crash kills the process; in a test it closes the in-process mimic. */
    void onCrash(Runnable action) {
        this.crash = action;
    }

    void stop() {
        stopping.countDown();
    }

    /** Waits for the duration, or fails the call when the mimic stops first. */
    void sleep(Duration duration) {
        if (await(duration.toNanos())) {
            throw stopped();
        }
    }

    /** Waits until the mimic stops, then fails the call (its connection is going away anyway). */
    void hang() {
        await(Long.MAX_VALUE);
        throw stopped();
    }

    /** Crashes on another thread after the delay, so the current call can still be answered. */
    void crashAfter(Duration delay) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            crash.run();
        }, "mimic-crash");
        thread.setDaemon(true);
        thread.start();
    }

    private boolean await(long nanos) {
        try {
            return stopping.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static McpError stopped() {
        return McpError.builder(ErrorCodes.INTERNAL_ERROR).message("mimic is stopping").build();
    }
}
