package io.mcpfleet.router.upstream;

import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The loop-affine side of {@link HttpTransport}: a {@link LoopPool} per event loop, made on the
 * loop's first call, and the backends' addresses. An event loop must not wait for a name lookup:
 * an address that is an IP literal is used as it is; a host name is looked up on a virtual thread
 * (and again every {@link #RESOLVE_AGAIN_NANOS}), and until it is known exchanges on loops are
 * refused, so calls take the blocking client.
 */
final class LoopConnections {

    private static final long RESOLVE_AGAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private record Resolved(InetSocketAddress address, long atNanos) {
    }

    private final Map<EventLoop, LoopPool> pools = new ConcurrentHashMap<>();
    private final Map<Http1Endpoint, Resolved> addresses = new ConcurrentHashMap<>();
    private final Set<Http1Endpoint> resolving = ConcurrentHashMap.newKeySet();
    private final int connectTimeoutMillis;
    private final int maxMessageBytes;
    private final long maxIdleMillis;

    /** @param maxIdleMillis how long an idle channel is kept */
    LoopConnections(int connectTimeoutMillis, int maxMessageBytes, long maxIdleMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxIdleMillis = maxIdleMillis;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** An exchange of {@code head} and {@code body} on {@code loop}, not started; {@code null} while the address is unknown. */
    LoopExchange exchange(EventLoop loop, RequestHead head, byte[] body) {
        InetSocketAddress address = address(head.endpoint());
        if (address == null) {
            return null;
        }
        LoopPool pool = pools.get(loop);
        if (pool == null) {
            pool = pools.computeIfAbsent(loop, l -> new LoopPool(l, connectTimeoutMillis, maxIdleMillis));
        }
        return new LoopExchange(pool, address, head.bytes(body.length), body, maxMessageBytes);
    }

    private InetSocketAddress address(Http1Endpoint endpoint) {
        Resolved known = addresses.get(endpoint);
        if (known != null) {
            if (known.atNanos != Long.MAX_VALUE && System.nanoTime() - known.atNanos > RESOLVE_AGAIN_NANOS) {
                resolveLater(endpoint);
            }
            return known.address;
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(endpoint.host());
        if (ip != null) {
            try {
                InetSocketAddress literal = new InetSocketAddress(InetAddress.getByAddress(endpoint.host(), ip),
                        endpoint.port());
                addresses.put(endpoint, new Resolved(literal, Long.MAX_VALUE));
                return literal;
            } catch (UnknownHostException e) {
                return null; // not a literal after all
            }
        }
        resolveLater(endpoint);
        return null;
    }

    private void resolveLater(Http1Endpoint endpoint) {
        if (!resolving.add(endpoint)) {
            return;
        }
        Thread.ofVirtual().name("router-resolve").start(() -> {
            try {
                InetSocketAddress a = new InetSocketAddress(endpoint.host(), endpoint.port());
                if (!a.isUnresolved()) {
                    addresses.put(endpoint, new Resolved(a, System.nanoTime()));
                }
            } finally {
                resolving.remove(endpoint);
            }
        });
    }

    /** Open and idle channels of the pool of {@code loop}; call on that loop. */
    int[] counts(EventLoop loop) {
        LoopPool pool = pools.get(loop);
        return pool == null ? new int[2] : pool.counts();
    }

    /** Closes the idle channels of every loop. */
    void close() {
        for (LoopPool pool : pools.values()) {
            if (!pool.loop().isShuttingDown()) {
                try {
                    pool.loop().execute(pool::closeAll);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the loop stopped meanwhile, and closed its channels
                }
            }
        }
    }
}
