package io.mcpfleet.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a stdio MCP server over a line transport (its own pipes, or the engine's attach) the way
 * wrk drives an HTTP one: callers each send their next {@code tools/call} when the last is answered.
 */
final class StdioDriver {

    /** Where the driver's lines go: the server's stdin. */
    interface Sink {
        void send(String line) throws IOException;
    }

    /** What a closed-loop run measured. */
    record Result(double callsPerSecond, double p50Millis, double p99Millis, long calls) {
    }

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private final Sink sink;
    private final Map<Long, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);

    StdioDriver(Sink sink) {
        this.sink = sink;
    }

    /** A line of the server's stdout: completes the call it answers. */
    void onLine(String line) {
        Matcher m = ID.matcher(line);
        if (m.find()) {
            CompletableFuture<String> answer = waiting.get(Long.parseLong(m.group(1)));
            if (answer != null) {
                answer.complete(line);
            }
        }
    }

    /** The transport ended: every call waiting fails. */
    void ended(IOException why) {
        waiting.values().forEach(w -> w.completeExceptionally(why));
    }

    void initialize() throws IOException {
        request("initialize", "{\"protocolVersion\":\"" + Mcp.VERSION + "\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}");
        sink.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    /** {@code callers} callers call the echo tool for {@code seconds}. */
    Result run(int callers, int seconds) throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<List<Double>> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<IOException> failures = new CopyOnWriteArrayList<>();
        long begin = System.nanoTime();
        for (int i = 0; i < callers; i++) {
            List<Double> mine = new ArrayList<>();
            latencies.add(mine);
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        request("tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\"}}");
                        mine.add((System.nanoTime() - t0) / 1e6);
                    }
                } catch (IOException e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        List<Double> all = new ArrayList<>();
        latencies.forEach(all::addAll);
        Stats stats = Stats.of(all);
        return new Result(all.size() / elapsed, stats.median(), stats.percentile(99), all.size());
    }

    private void request(String method, String params) throws IOException {
        long id = ids.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            sink.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
            String line = answer.get(30, TimeUnit.SECONDS);
            if (line.contains("\"error\"")) {
                throw new IOException(method + " answered with an error: " + line);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("no answer to " + method, e);
        } finally {
            waiting.remove(id);
        }
    }
}
