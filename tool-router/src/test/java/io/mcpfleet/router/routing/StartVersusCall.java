package io.mcpfleet.router.routing;

import static io.mcpfleet.router.routing.RoutingFixture.call;
import static io.mcpfleet.router.routing.RoutingFixture.tool;

import com.sun.management.OperatingSystemMXBean;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.router.catalog.ToolEntry;
import io.mcpfleet.router.upstream.HttpUpstream;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A/B, printed and not asserted (timings belong in bench/, not in tests): calls/s and this
 * process's CPU per call through {@link CallRouter#start} on one event loop versus {@link CallRouter#call}
 * on virtual threads, {@code CONC} calls in flight, one client session of a stateful service, against
 * a backend started outside (e.g. bench/node/echo-server.js), so the CPU measured is the router's and
 * the load generator's (the same for both). Run with the test classpath:
 * {@code java -cp ... io.mcpfleet.router.routing.StartVersusCall http://127.0.0.1:18700 [seconds] [rounds]}.
 */
public final class StartVersusCall {

    private static final int CONC = Integer.getInteger("conc", 32);

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("nio");
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoop loop = group.next();
        try (HttpUpstream http = new HttpUpstream()) {
            RoutingFixture fixture = new RoutingFixture(http.client());
            fixture.recording = false;
            fixture.serviceAt("echo", "stateful", "auto", 30_000, List.of(new RoutableInstance("echo-1", endpoint)));
            RoutingFixture.Client client = fixture.client("{}");
            ToolEntry echo = tool("echo", "echo", true);
            CallRouter router = fixture.router();
            router.call(client, call(0, "echo__echo"), echo, new RoutingFixture.Reply());
            System.out.printf("loop: %s, %d calls in flight, %d s a run%n", epoll ? "epoll" : "nio", CONC, seconds);
            run("warm-up start()", seconds, () -> viaStart(router, client, echo, loop, seconds));
            run("warm-up call()", seconds, () -> viaCall(router, client, echo, seconds));
            for (int r = 0; r < rounds; r++) {
                run("start() on the loop", seconds, () -> viaStart(router, client, echo, loop, seconds));
                if (!Boolean.getBoolean("startOnly")) {
                    run("call() on virtual threads", seconds, () -> viaCall(router, client, echo, seconds));
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private interface Load {
        long run() throws Exception;
    }

    private static void run(String what, int seconds, Load load) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long calls = load.run();
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuUs = (os.getProcessCpuTime() - cpu0) / 1e3 / Math.max(1, calls);
        System.out.printf("%-28s %9.0f calls/s  %6.1f us CPU a call%n", what, calls / secs, cpuUs);
    }

    private static long viaStart(CallRouter router, RoutingFixture.Client client, ToolEntry echo, EventLoop loop,
                                 int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong done = new AtomicLong();
        AtomicLong declined = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(CONC);
        for (int i = 0; i < CONC; i++) {
            int lane = i + 1;
            loop.execute(new Runnable() {
                @Override
                public void run() {
                    if (System.nanoTime() - until > 0) {
                        finished.countDown();
                        return;
                    }
                    RoutingFixture.Reply reply = new RoutingFixture.Reply();
                    CallEnd end = failure -> {
                        done.incrementAndGet();
                        loop.execute(this);
                    };
                    if (!router.start(client, call(lane, "echo__echo"), echo, reply, loop, end)) {
                        declined.incrementAndGet();
                        Thread.ofVirtual().start(() -> {
                            try {
                                router.call(client, call(lane, "echo__echo"), echo, reply);
                            } finally {
                                end.ended(null);
                            }
                        });
                    }
                }
            });
        }
        finished.await();
        System.out.printf("  (%d of %d declined)%n", declined.get(), done.get());
        return done.get();
    }

    private static long viaCall(CallRouter router, RoutingFixture.Client client, ToolEntry echo, int seconds)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong done = new AtomicLong();
        Thread[] threads = new Thread[CONC];
        for (int i = 0; i < CONC; i++) {
            int lane = i + 1;
            threads[i] = Thread.ofVirtual().start(() -> {
                while (System.nanoTime() - until < 0) {
                    router.call(client, call(lane, "echo__echo"), echo, new RoutingFixture.Reply());
                    done.incrementAndGet();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get();
    }
}
