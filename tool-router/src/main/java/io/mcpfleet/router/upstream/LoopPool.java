package io.mcpfleet.router.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive connections of one event loop to backends, by address: channels registered on
 * that loop (epoll when the loop is an epoll loop, NIO otherwise), most recently used first. Used
 * on its loop only, so no locks: a call that the loop read goes out on a connection of the same
 * loop and its answer is read there, with no thread hand-off.
 */
final class LoopPool {

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Map<InetSocketAddress, ArrayDeque<Channel>> idle = new HashMap<>();
    private final long maxIdleNanos;
    /** Channels this pool opened that are not closed yet (in use or idle). */
    private int open;

    LoopPool(EventLoop loop, int connectTimeoutMillis, long maxIdleMillis) {
        this.loop = loop;
        this.maxIdleNanos = TimeUnit.MILLISECONDS.toNanos(maxIdleMillis);
        loop.scheduleWithFixedDelay(this::closeIdle, maxIdleMillis, maxIdleMillis, TimeUnit.MILLISECONDS);
        boolean epoll = loop instanceof IoEventLoop io && io.isIoType(EpollIoHandler.class);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpResponseDecoder(new HttpDecoderConfig()
                                .setMaxHeaderSize(Http1Response.MAX_HEAD)), new Relay());
                    }
                });
    }

    EventLoop loop() {
        return loop;
    }

    /** An idle connection to {@code address} that is still open, or {@code null}. */
    Channel poll(InetSocketAddress address) {
        ArrayDeque<Channel> channels = idle.get(address);
        if (channels == null) {
            return null;
        }
        Channel c;
        while ((c = channels.pollFirst()) != null) {
            if (c.isActive()) {
                return c;
            }
        }
        return null;
    }

    /** Connects a new channel to {@code address} on this loop. */
    ChannelFuture connect(InetSocketAddress address) {
        ChannelFuture f = bootstrap.connect(address);
        open++;
        f.channel().closeFuture().addListener(done -> open--);
        return f;
    }

    /** Gives back a channel whose last answer was read to its end. */
    void release(InetSocketAddress address, Channel channel) {
        channel.pipeline().get(Relay.class).idleSince = System.nanoTime();
        idle.computeIfAbsent(address, a -> new ArrayDeque<>()).offerFirst(channel);
    }

    /** Closes the channels idle longer than the pool keeps them (the least recently used are last). */
    private void closeIdle() {
        long now = System.nanoTime();
        for (ArrayDeque<Channel> channels : idle.values()) {
            Channel c;
            while ((c = channels.peekLast()) != null
                    && (!c.isActive() || now - c.pipeline().get(Relay.class).idleSince > maxIdleNanos)) {
                channels.pollLast().close();
            }
        }
    }

    /** Sends the answers on {@code channel} to {@code exchange} (or to none: {@code null}). */
    static void attach(Channel channel, LoopExchange exchange) {
        channel.pipeline().get(Relay.class).exchange = exchange;
    }

    /** Open channels and idle ones (its loop's view; for tests and diagnostics). */
    int[] counts() {
        int idling = 0;
        for (ArrayDeque<Channel> channels : idle.values()) {
            for (Channel c : channels) {
                idling += c.isActive() ? 1 : 0;
            }
        }
        return new int[] {open, idling};
    }

    /** Closes the idle channels (the router stops; exchanges in flight close theirs). */
    void closeAll() {
        idle.values().forEach(channels -> channels.forEach(Channel::close));
        idle.clear();
    }

    /** Hands what the decoder reads on a channel to the exchange it carries. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        LoopExchange exchange;
        /** When the channel was last given back ({@link System#nanoTime()} scale). */
        long idleSince;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                LoopExchange e = exchange;
                if (e == null) {
                    // Something unasked on an idle connection: it cannot carry another exchange.
                    ctx.close();
                    return;
                }
                if (msg instanceof HttpResponse r) {
                    e.head(r);
                }
                if (msg instanceof HttpContent c && exchange == e) {
                    e.content(c);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            LoopExchange e = exchange;
            if (e != null) {
                e.failed(new IOException("the instance closed the connection"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LoopExchange e = exchange;
            ctx.close();
            if (e != null) {
                e.failed(cause);
            }
        }
    }
}
