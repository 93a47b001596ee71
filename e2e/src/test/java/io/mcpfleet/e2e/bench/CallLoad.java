package io.mcpfleet.e2e.bench;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (c) Closed-loop load on one MCP endpoint: {@code clients} threads, each with its own connections
 * and its own session, calling one tool back to back for a while. Gives the latency of every call
 * and the calls per second of all of them.
 */
final class CallLoad {

    /** What one run measured. */
    record Result(int clients, Latencies latencies, double callsPerSecond, long errors) {
    }

    private final String mcpUrl;
    private final String tool;
    private final String argumentsJson;

    CallLoad(String mcpUrl, String tool, String argumentsJson) {
        this.mcpUrl = mcpUrl;
        this.tool = tool;
        this.argumentsJson = argumentsJson;
    }

    Result run(int clients, Duration duration) throws Exception {
        List<RawMcp.Session> sessions = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            sessions.add(RawMcp.to(mcpUrl).withOwnConnections().initialize());
        }
        CyclicBarrier go = new CyclicBarrier(clients + 1);
        AtomicLong errors = new AtomicLong();
        List<Latencies> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long[] window = new long[2];
        for (RawMcp.Session session : sessions) {
            Latencies latencies = new Latencies();
            perClient.add(latencies);
            Thread t = new Thread(() -> {
                await(go);
                long end = window[1];
                while (System.nanoTime() < end) {
                    long began = System.nanoTime();
                    RawResponse response = session.call(tool, argumentsJson);
                    latencies.add(System.nanoTime() - began);
                    // A substring, not a parse: the client shares the two cores with what it measures.
                    if (response.status() != 200 || response.body().contains("\"error\":")) {
                        errors.incrementAndGet();
                    }
                }
            }, "load-" + threads.size());
            threads.add(t);
            t.start();
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        await(go);
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        Latencies all = new Latencies();
        perClient.forEach(all::addAll);
        return new Result(clients, all, all.count() / seconds, errors.get());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException("load threads could not start together", e);
        }
    }
}
