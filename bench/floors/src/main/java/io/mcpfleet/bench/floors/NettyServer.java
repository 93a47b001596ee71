package io.mcpfleet.bench.floors;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Netty HTTP/1.1 server on one event loop per core (nginx's worker_processes 2 on this machine's two),
 * each request aggregated whole (as the router reads a body into one array) before the floor's handler.
 */
final class NettyServer implements Floor {

    static final AsciiString MCP_SESSION_ID = AsciiString.cached("mcp-session-id");
    static final AsciiString MCP_PROTOCOL_VERSION = AsciiString.cached("mcp-protocol-version");
    static final int MAX_BODY = 4 * 1024 * 1024;
    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.US_ASCII);

    /** A client that resets its connection (wrk at the end of a run) is closed without a logged stack trace. */
    private static final ChannelHandler CLOSE_ON_ERROR = new CloseOnError();

    private final EventLoopGroup group;
    private final Channel server;
    private final Runnable afterClose;

    private NettyServer(EventLoopGroup group, Channel server, Runnable afterClose) {
        this.group = group;
        this.server = server;
        this.afterClose = afterClose;
    }

    /** A server whose connections each get a new {@code handler}; {@code afterClose} frees what the floor holds besides. */
    static NettyServer start(NettyTransport transport, int port, Supplier<ChannelHandler> handler, Runnable afterClose)
            throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                transport.handlers());
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), handler.get(), CLOSE_ON_ERROR);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            return new NettyServer(group, server, afterClose);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Answers the readiness probe and anything not a POST; false for a call the floor relays. */
    static boolean answeredLocally(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.method().equals(HttpMethod.POST)) {
            return false;
        }
        boolean ready = request.method().equals(HttpMethod.GET) && Floor.READINESS.equals(request.uri());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                ready ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                ready ? Unpooled.wrappedBuffer(UP) : Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        send(ctx, request, response);
        return true;
    }

    /** The backend's status, Content-Type, Mcp-Session-Id and body, as the client gets them. */
    static FullHttpResponse answer(HttpResponseStatus status, CharSequence contentType, CharSequence sessionId, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (sessionId != null) {
            response.headers().set(MCP_SESSION_ID, sessionId);
        }
        return response;
    }

    static FullHttpResponse badGateway(Throwable cause) {
        return answer(HttpResponseStatus.BAD_GATEWAY, HttpHeaderValues.TEXT_PLAIN, null,
                Unpooled.copiedBuffer("backend: " + cause, StandardCharsets.UTF_8));
    }

    /** Writes the answer with its length; closes the connection after it unless the client keeps it alive. */
    static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        send(ctx, HttpUtil.isKeepAlive(request), response);
    }

    @ChannelHandler.Sharable
    private static final class CloseOnError extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly(); // no quiet period: nothing is in flight
        afterClose.run();
    }
}
