package io.mcpfleet.router.bench;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.mimic.Mimic;
import io.mcpfleet.mimic.MimicOptions;
import io.mcpfleet.mimic.RunningMimic;
import io.mcpfleet.router.ToolRouterApplication;
import io.mcpfleet.router.discovery.FleetDirectory;
import io.mcpfleet.router.discovery.InMemoryFleetDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A first look at the router's overhead (not a test, not the benchmark suite): the mimic's echo
 * answering JSON, called directly and through the router, sequentially (p50) and from several
 * threads (calls/s). Run: java -cp ... io.mcpfleet.router.bench.QuickOverhead [seconds] [threads]
 */
public final class QuickOverhead {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        RunningMimic mimic = Mimic.start(MimicOptions.defaults().withId("bench").withJsonResponse(true));
        InMemoryFleetDirectory directory = new InMemoryFleetDirectory();
        directory.add("bench", new RoutingView("/mcp", "stateful", "least_connections", 30_000, "auto", 3, 256,
                10_000, List.of()), List.of(new RoutableInstance("bench-1", mimic.baseUrl())), null);
        SpringApplication app = new SpringApplication(ToolRouterApplication.class);
        app.addInitializers(ctx -> ((GenericApplicationContext) ctx).registerBean("bench", FleetDirectory.class,
                () -> directory, bd -> bd.setPrimary(true)));
        try (ConfigurableApplicationContext router = app.run("--server.port=0", "--fleet.data-dir=/tmp/bench-data",
                "--logging.level.root=WARN", "--management.observations.enable.http.server.requests=false")) {
            int port = Integer.parseInt(router.getEnvironment().getProperty("local.server.port"));
            Thread.sleep(1500);
            String direct = mimic.mcpUrl();
            String routed = "http://localhost:" + port + "/mcp";
            for (int round = 0; round < 2; round++) {
                report(round == 0 ? "warm-up" : "measured", direct, routed, "echo", "bench__echo", seconds, threads);
            }
        } finally {
            mimic.close();
        }
    }

    private static void report(String label, String direct, String routed, String tool, String routedTool, int seconds,
                               int threads) throws Exception {
        double[] d = run(direct, tool, seconds, threads);
        double[] r = run(routed, routedTool, seconds, threads);
        System.out.printf("%s: p50 direct %.3f ms, router %.3f ms (+%.3f ms); %d threads: direct %.0f calls/s, "
                + "router %.0f calls/s (%.2fx)%n", label, d[0], r[0], r[0] - d[0], threads, d[1], r[1], r[1] / d[1]);
    }

    /** Returns {p50 ms sequential, calls/s with threads}. */
    private static double[] run(String url, String tool, int seconds, int threads) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String session = session(http, url);
        byte[] call = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"text\":\"hello\"}}}").getBytes();
        long[] lat = new long[2000];
        for (int i = 0; i < lat.length; i++) {
            long t = System.nanoTime();
            send(http, url, session, call);
            lat[i] = System.nanoTime() - t;
        }
        Arrays.sort(lat);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                while (System.nanoTime() < end) {
                    send(http, url, session, call);
                    done.incrementAndGet();
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        return new double[] {lat[lat.length / 2] / 1e6, done.get() / (double) seconds};
    }

    private static String session(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":"
                        + "{\"name\":\"bench\",\"version\":\"1\"}}}")).build(), HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private static void send(HttpClient http, String url, String session, byte[] body) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
