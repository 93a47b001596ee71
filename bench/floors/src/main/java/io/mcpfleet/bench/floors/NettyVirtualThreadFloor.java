package io.mcpfleet.bench.floors;

import io.mcpfleet.bench.floors.Exchange.Answer;
import io.mcpfleet.bench.floors.Exchange.Call;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Netty's server in front, the router's way behind it: each request's body copied into an array and
 * relayed by the blocking upstream client on a virtual thread of its own, whose answer the event loop
 * then writes. A front-end swap that keeps the router's blocking call logic.
 */
final class NettyVirtualThreadFloor {

    private NettyVirtualThreadFloor() {
    }

    static Floor start(NettyTransport transport, int port, InetSocketAddress backend)
            throws InterruptedException {
        BlockingUpstream upstream = new BlockingUpstream(backend);
        return NettyServer.start(transport, port, () -> new Handler(upstream), upstream::close);
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final BlockingUpstream upstream;

        Handler(BlockingUpstream upstream) {
            this.upstream = upstream;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (NettyServer.answeredLocally(ctx, request)) {
                return;
            }
            HttpHeaders h = request.headers();
            Call call = new Call(request.uri(), h.get(HttpHeaderNames.CONTENT_TYPE), h.get(HttpHeaderNames.ACCEPT),
                    h.get(NettyServer.MCP_SESSION_ID), h.get(NettyServer.MCP_PROTOCOL_VERSION),
                    ByteBufUtil.getBytes(request.content()));
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            Thread.startVirtualThread(() -> {
                try {
                    Answer a = upstream.exchange(call);
                    NettyServer.send(ctx, keepAlive, NettyServer.answer(HttpResponseStatus.valueOf(a.status()),
                            a.contentType(), a.sessionId(), Unpooled.wrappedBuffer(a.body())));
                } catch (IOException e) {
                    NettyServer.send(ctx, keepAlive, NettyServer.badGateway(e));
                }
            });
        }
    }
}
