package io.mcpfleet.bench.floors;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Starts one front-end floor: a minimal relay of POSTs to the backend of bench/router-ab.sh, run the
 * way that script runs a router ({@code java OPTIONS -jar bench-floors.jar --server.port=P ...}; the
 * router's other arguments are ignored). {@code -Dfloor=} chooses the design ({@link Kind}),
 * {@code -Dfloor.transport=nio|epoll} Netty's transport, {@code -Dfloor.backend=host:port} the backend
 * (router-ab.sh's echo server at 127.0.0.1:18700 unless given).
 */
public final class Floors {

    /** The designs measured (docs/benchmarks.md, "Issue 14: front-end floors"). */
    public enum Kind {
        /** Embedded Tomcat, a servlet on virtual threads, a blocking upstream client: the router's stack. */
        TOMCAT,
        /** Netty's server, a virtual thread per request running the blocking upstream client. */
        NETTY_VT,
        /** Netty's server and a Netty upstream client on the same event loop: no thread hand-off. */
        NETTY;

        static Kind of(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private Floors() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8080;
        for (String arg : args) {
            if (arg.startsWith("--server.port=")) {
                port = Integer.parseInt(arg.substring("--server.port=".length()));
            }
        }
        Kind kind = Kind.of(System.getProperty("floor", "netty"));
        NettyTransport transport = NettyTransport.of(System.getProperty("floor.transport", "nio"));
        InetSocketAddress backend = address(System.getProperty("floor.backend", "127.0.0.1:18700"));
        Floor floor = start(kind, transport, port, backend);
        System.out.printf("floor %s (%s) on 127.0.0.1:%d relaying to %s%n", kind, transport, floor.port(), backend);
        Runtime.getRuntime().addShutdownHook(new Thread(floor::close));
        new CountDownLatch(1).await();
    }

    /** Starts a floor on 127.0.0.1:port (0: any free port); Netty's transport is ignored by Tomcat. */
    public static Floor start(Kind kind, NettyTransport transport, int port, InetSocketAddress backend) throws Exception {
        return switch (kind) {
            case TOMCAT -> TomcatFloor.start(port, backend);
            case NETTY_VT -> NettyVirtualThreadFloor.start(transport, port, backend);
            case NETTY -> NettyFloor.start(transport, port, backend);
        };
    }

    static InetSocketAddress address(String hostPort) {
        String s = hostPort.replaceFirst("^http://", "").replaceFirst("/.*$", "");
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("floor.backend must be host:port, not '" + hostPort + "'");
        }
        return new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    }
}
