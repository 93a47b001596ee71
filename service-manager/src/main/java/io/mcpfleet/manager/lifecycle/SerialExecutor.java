package io.mcpfleet.manager.lifecycle;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the single writer of one
 * service's state without a thread per service.
 */
final class SerialExecutor {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    <T> CompletableFuture<T> submit(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    void execute(Runnable task) {
        boolean schedule;
        synchronized (tasks) {
            tasks.add(task);
            schedule = !running;
            running = true;
        }
        if (schedule) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                // A failing task must not stall the tasks queued behind it.
                LOG.error("a task of a service worker failed", e);
            }
        }
    }
}
