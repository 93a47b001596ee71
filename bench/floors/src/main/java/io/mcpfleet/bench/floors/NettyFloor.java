package io.mcpfleet.bench.floors;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Netty end to end, as nginx relays: the request's body buffer goes to the backend as it is, over a
 * keep-alive connection of the event loop that read the request (a pool per loop, no lock), and the
 * answer's buffer comes back the same way. No thread hand-off and no copy of a body.
 */
final class NettyFloor {

    private static final AttributeKey<Pending> PENDING = AttributeKey.valueOf("floor.pending");
    private static final FastThreadLocal<ArrayDeque<Channel>> IDLE = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<Channel> initialValue() {
            return new ArrayDeque<>();
        }
    };

    private NettyFloor() {
    }

    static Floor start(NettyTransport transport, int port, InetSocketAddress backend) throws InterruptedException {
        Bootstrap client = new Bootstrap()
                .channel(transport.clientChannel)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .remoteAddress(backend)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(NettyServer.MAX_BODY), new BackendHandler());
                    }
                });
        String host = backend.getHostString() + ":" + backend.getPort();
        return NettyServer.start(transport, port, () -> new ClientHandler(client, host), () -> { });
    }

    /** The client connection waiting for a backend connection's answer. */
    private record Pending(ChannelHandlerContext client, boolean keepAlive) {
    }

    /** Takes a client's request and sends it on an idle backend connection of its own loop, or a new one. */
    private static final class ClientHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Bootstrap client;
        private final String host;

        ClientHandler(Bootstrap client, String host) {
            this.client = client;
            this.host = host;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (NettyServer.answeredLocally(ctx, request)) {
                return;
            }
            FullHttpRequest up = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, request.uri(),
                    request.content().retain());
            HttpHeaders in = request.headers();
            HttpHeaders out = up.headers();
            out.set(HttpHeaderNames.HOST, host);
            copy(in, out, HttpHeaderNames.CONTENT_TYPE);
            copy(in, out, HttpHeaderNames.ACCEPT);
            copy(in, out, NettyServer.MCP_SESSION_ID);
            copy(in, out, NettyServer.MCP_PROTOCOL_VERSION);
            HttpUtil.setContentLength(up, up.content().readableBytes());
            Pending pending = new Pending(ctx, HttpUtil.isKeepAlive(request));
            ArrayDeque<Channel> idle = IDLE.get();
            Channel backend;
            while ((backend = idle.pollFirst()) != null && !backend.isActive()) {
                // closed by the backend while idle: forget it
            }
            if (backend != null) {
                relay(backend, up, pending);
                return;
            }
            EventLoop loop = ctx.channel().eventLoop();
            client.clone(loop).connect().addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    relay(f.channel(), up, pending);
                } else {
                    up.release();
                    NettyServer.send(pending.client(), pending.keepAlive(), NettyServer.badGateway(f.cause()));
                }
            });
        }

        private static void copy(HttpHeaders in, HttpHeaders out, CharSequence name) {
            String value = in.get(name);
            if (value != null) {
                out.set(name, value);
            }
        }

        private static void relay(Channel backend, FullHttpRequest up, Pending pending) {
            backend.attr(PENDING).set(pending);
            backend.writeAndFlush(up, backend.voidPromise());
        }
    }

    /** Hands a backend's answer to the client that waits for it and gives the connection back to its loop's pool. */
    private static final class BackendHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse answer) {
            Pending pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending == null) {
                ctx.close();
                return;
            }
            HttpHeaders h = answer.headers();
            FullHttpResponse out = NettyServer.answer(answer.status(), h.get(HttpHeaderNames.CONTENT_TYPE),
                    h.get(NettyServer.MCP_SESSION_ID), answer.content().retain());
            if (HttpUtil.isKeepAlive(answer)) {
                IDLE.get().offerFirst(ctx.channel());
            } else {
                ctx.close();
            }
            NettyServer.send(pending.client(), pending.keepAlive(), out);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            IDLE.get().remove(ctx.channel());
            Pending pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending != null) {
                NettyServer.send(pending.client(), pending.keepAlive(),
                        NettyServer.badGateway(new IOException("the backend closed the connection")));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
