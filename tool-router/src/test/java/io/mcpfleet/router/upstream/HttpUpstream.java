package io.mcpfleet.router.upstream;

import io.mcpfleet.router.json.EnvelopeScanner;
import io.netty.channel.EventLoop;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import tools.jackson.databind.json.JsonMapper;

/** The router's upstream client over its real HTTP transport, as {@code UpstreamConfiguration} builds it, for tests. */
public final class HttpUpstream implements AutoCloseable {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final HttpTransport transport;
    private final UpstreamClient client;

    public HttpUpstream() {
        HttpClient streams = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        transport = new HttpTransport(Duration.ofSeconds(2), streams, 1 << 20, timers, null);
        client = new UpstreamClient(transport, new EnvelopeScanner(64), JsonMapper.builder().build(),
                Executors.newVirtualThreadPerTaskExecutor());
    }

    public UpstreamClient client() {
        return client;
    }

    /** The channels of {@code loop}'s pool: {open, idle}, as the loop sees them. */
    public int[] loopChannels(EventLoop loop) throws ExecutionException, InterruptedException {
        return loop.submit(() -> transport.loops().counts(loop)).get();
    }

    @Override
    public void close() {
        client.shutdown();
        timers.shutdownNow();
    }
}
