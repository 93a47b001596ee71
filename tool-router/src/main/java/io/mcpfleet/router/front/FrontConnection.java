package io.mcpfleet.router.front;

import io.mcpfleet.router.mcp.LoopPost;
import io.mcpfleet.router.routing.ReplySink;
import io.mcpfleet.router.security.Refusal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.mcpfleet.router.failure.Failures;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One client connection of the front end. Requests are taken one at a time, so responses leave in
 * request order whichever way each is answered (a client may pipeline, or mix fast-lane and
 * relayed requests on one connection): what arrives while a response is pending waits, and the
 * connection is not read meanwhile. A POST to the MCP endpoint is read whole and offered to the
 * fast lane ({@link LoopPost}); everything else, and what the fast lane hands back, is streamed
 * to the servlet path through the connection's {@link TomcatRelay}. Loop thread only, but for
 * {@link #finish} which may be called from any thread.
 */
final class FrontConnection extends ChannelInboundHandlerAdapter implements TomcatRelay.Owner {

    /** JSON-RPC's internal error. */
    private static final int INTERNAL_ERROR = -32603;

    private final FrontServer.Settings settings;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private TomcatRelay relay;
    /** The request being answered, {@code null} between requests. */
    private Exchange current;
    private boolean draining;
    private boolean closing;
    /** The client shut its side down: what it sent is answered, then the connection closes. */
    private boolean inputDone;

    FrontConnection(FrontServer.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if ((current != null && !current.reading) || !backlog.isEmpty()) {
            backlog.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            begin(request);
        }
        if (msg instanceof HttpContent content) {
            if (current != null && current.reading) {
                current.content(content);
            } else {
                content.release();
            }
        }
    }

    private void begin(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // 400 whatever the fault (a header too large included), as Tomcat answered on this port.
            Throwable cause = request.decoderResult().cause();
            badRequest(request, cause instanceof TooLongFrameException ? cause.getMessage() : "cannot be parsed");
            return;
        }
        String host = HostSyntax.problem(request);
        if (host != null) {
            badRequest(request, host);
            return;
        }
        boolean fast = settings.lane() != null && request.method().equals(HttpMethod.POST)
                && request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                && isMcp(request.uri()) && !request.headers().contains(HttpHeaderNames.EXPECT);
        current = new Exchange(request, fast);
        if (fast) {
            current.beginFast();
        } else {
            tomcat().send(request);
        }
    }

    private void badRequest(HttpRequest request, String problem) {
        current = new Exchange(request, false);
        current.reading = false;
        respond(400, Failures.error(null, Failures.INVALID_REQUEST, "bad HTTP request: " + problem), null, false);
    }

    private static boolean isMcp(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        return path.equals("/mcp") || path.equals("/mcp/");
    }

    private TomcatRelay tomcat() {
        if (relay == null) {
            relay = new TomcatRelay(ctx.channel(), this, settings.transport(), settings.tomcat().get());
        }
        return relay;
    }

    /** Writes a whole response to the current request and ends it. */
    private void respond(int status, byte[] body, String challenge, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (challenge != null) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response, ctx.voidPromise());
        ended(!keepAlive);
    }

    /** The current request is answered: the next one may be read, or the connection closes. */
    private void ended(boolean close) {
        current = null;
        if (close || closing) {
            releaseBacklog();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (draining) {
            return;
        }
        draining = true;
        try {
            while ((current == null || current.reading) && !backlog.isEmpty()) {
                dispatch(backlog.poll());
            }
        } finally {
            draining = false;
        }
        if (current == null && backlog.isEmpty() && inputDone) {
            ctx.close();
        } else if (backlog.isEmpty() && (current == null || current.reading)) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    @Override
    public void relayed(boolean close) {
        if (current != null) {
            ended(close || !current.keepAlive);
        }
    }

    @Override
    public void unreachable(Throwable cause) {
        if (current != null) {
            respond(502, Failures.error(null, INTERNAL_ERROR, "the router's servlet path cannot be reached: "
                    + cause), null, false);
        }
    }

    /** Ends a fast-lane exchange from any thread. */
    private void finish(Exchange exchange) {
        if (ctx.executor().inEventLoop()) {
            finished(exchange);
        } else {
            ctx.executor().execute(() -> finished(exchange));
        }
    }

    private void finished(Exchange exchange) {
        if (current != exchange) {
            return;
        }
        boolean whole = exchange.reply == null ? exchange.accepted : exchange.reply.answered();
        // A request left without a whole answer (the client went away): the connection cannot go on.
        ended(!whole || !exchange.keepAlive);
    }

    /** Stops taking requests: the connection closes once its current one is answered. */
    void closeWhenIdle() {
        closing = true;
        if (current == null) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && current == null) {
            ctx.close();
        } else if (evt instanceof ChannelInputShutdownEvent) {
            inputDone = true;
            if (current == null && backlog.isEmpty()) {
                ctx.close();
            } else if (current != null && current.reading && backlog.isEmpty()) {
                current.truncated();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && relay != null) {
            relay.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (relay != null) {
            relay.close();
        }
        if (current != null) {
            current.release();
        }
        releaseBacklog();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A client that resets its connection is not the router's error.
        ctx.close();
    }

    private void releaseBacklog() {
        Object msg;
        while ((msg = backlog.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** One request on the connection and how it is being answered. */
    private final class Exchange implements LoopPost.Exchange {

        private final HttpRequest request;
        private final boolean fast;
        private final boolean keepAlive;
        private boolean reading = true;
        private CompositeByteBuf body;
        private Refusal refusal;
        private ChannelReply reply;
        private boolean accepted;

        Exchange(HttpRequest request, boolean fast) {
            this.request = request;
            this.fast = fast;
            this.keepAlive = HttpUtil.isKeepAlive(request);
        }

        void beginFast() {
            long length = HttpUtil.getContentLength(request, -1L);
            Refusal tooLong = settings.lane().bodySize(length);
            if (tooLong != null) {
                reading = false;
                // The body is not read: the connection cannot carry another request after it.
                respond(tooLong.status(), tooLong.body(), null, false);
                return;
            }
            refusal = settings.lane().head(this);
            body = ctx.alloc().compositeBuffer(64);
        }

        void content(HttpContent content) {
            if (!fast) {
                if (content instanceof LastHttpContent) {
                    reading = false;
                }
                tomcat().send(content);
                return;
            }
            body.addComponent(true, content.content().retain());
            content.release();
            Refusal tooLong = settings.lane().bodySize(body.readableBytes());
            if (tooLong != null) {
                reading = false;
                release();
                respond(tooLong.status(), tooLong.body(), null, false);
                return;
            }
            if (content instanceof LastHttpContent) {
                reading = false;
                if (refusal != null) {
                    release();
                    refuse(refusal);
                    return;
                }
                byte[] bytes = ByteBufUtil.getBytes(body);
                release();
                settings.lane().post(this, bytes, ctx.channel().eventLoop());
            }
        }

        /** The client stopped sending before the request's end. */
        void truncated() {
            reading = false;
            if (fast) {
                release();
                respond(400, Failures.error(null, Failures.INVALID_REQUEST,
                        "the request body ended before its Content-Length"), null, false);
            } else {
                // Tomcat sees the body end as the client ended it, and answers as it always has.
                tomcat().shutdownOutput();
            }
        }

        void release() {
            if (body != null) {
                body.release();
                body = null;
            }
        }

        @Override
        public String header(String name) {
            return request.headers().get(name);
        }

        @Override
        public List<String> headers(String name) {
            return request.headers().getAll(name);
        }

        @Override
        public void refuse(Refusal refusal) {
            respond(refusal.status(), refusal.body(), refusal.challenge(), keepAlive);
        }

        @Override
        public void accepted() {
            accepted = true;
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ctx.channel().writeAndFlush(response, ctx.channel().voidPromise());
        }

        @Override
        public ReplySink reply(boolean acceptsJson, boolean acceptsSse) {
            reply = new ChannelReply(ctx.channel(), acceptsJson, acceptsSse, keepAlive);
            return reply;
        }

        @Override
        public void relay(byte[] whole) {
            DefaultFullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                    request.uri(), Unpooled.wrappedBuffer(whole), request.headers(),
                    new io.netty.handler.codec.http.DefaultHttpHeaders());
            full.headers().remove(HttpHeaderNames.TRANSFER_ENCODING).setInt(HttpHeaderNames.CONTENT_LENGTH, whole.length);
            tomcat().send(full);
        }

        @Override
        public void finished() {
            finish(this);
        }
    }
}
