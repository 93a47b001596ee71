package io.mcpfleet.mimic;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts the {@code tools/call} requests that reached a tool, in total and per tool. */
final class CallCounter {

    private final LongAdder total = new LongAdder();
    private final ConcurrentHashMap<String, AtomicLong> byTool = new ConcurrentHashMap<>();

    void record(String tool) {
        total.increment();
        byTool.computeIfAbsent(tool, t -> new AtomicLong()).incrementAndGet();
    }

    long total() {
        return total.sum();
    }

    long of(String tool) {
        AtomicLong count = byTool.get(tool);
        return count == null ? 0 : count.get();
    }
}
