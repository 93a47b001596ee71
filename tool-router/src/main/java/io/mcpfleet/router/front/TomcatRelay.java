package io.mcpfleet.router.front;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * A front-end connection's relay to the servlet path (embedded Tomcat on 127.0.0.1): one Tomcat
 * connection per client connection, opened when first needed, on the client's event loop, kept
 * alive between requests. Request and response are streamed as they come (an SSE response is
 * flushed as Tomcat sends it); when the client reads slower than Tomcat writes, the Tomcat side
 * stops being read until the client's connection is writable again. Closing the client's
 * connection closes the Tomcat one, so the servlet path sees the client gone. Loop thread only.
 */
final class TomcatRelay {

    /** What the relay tells the client's connection. */
    interface Owner {

        /** The response to the relayed request ended; {@code close} when the connection must not carry another. */
        void relayed(boolean close);

        /** Tomcat cannot be reached or dropped the connection before the response began. */
        void unreachable(Throwable cause);
    }

    private final Channel client;
    private final Owner owner;
    private final FrontTransport transport;
    private final InetSocketAddress tomcat;
    private ChannelFuture upstream;
    private boolean responding;
    private boolean informational;
    private boolean closeAfter;
    private boolean inFlight;

    TomcatRelay(Channel client, Owner owner, FrontTransport transport, InetSocketAddress tomcat) {
        this.client = client;
        this.owner = owner;
        this.transport = transport;
        this.tomcat = tomcat;
    }

    /** Sends part of the request (its head, a body chunk, its end). */
    void send(HttpObject part) {
        if (upstream != null && upstream.isDone() && !upstream.channel().isActive()) {
            upstream = null;
        }
        if (upstream == null) {
            upstream = new Bootstrap().group(client.eventLoop()).channel(transport.clientChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new Upstream());
                        }
                    })
                    .connect(tomcat);
        }
        if (part instanceof io.netty.handler.codec.http.HttpRequest) {
            inFlight = true;
            responding = false;
        }
        ChannelFuture connection = upstream;
        if (connection.isDone()) {
            write(connection, part);
        } else {
            connection.addListener(f -> write(connection, part));
        }
    }

    private void write(ChannelFuture connection, HttpObject part) {
        if (!connection.isSuccess() || !connection.channel().isActive()) {
            ReferenceCountUtil.release(part);
            if (inFlight && !responding) {
                inFlight = false;
                owner.unreachable(connection.cause());
            }
            return;
        }
        Channel ch = connection.channel();
        if (part instanceof HttpContent) {
            ch.writeAndFlush(part, ch.voidPromise());
        } else {
            ch.write(part, ch.voidPromise());
        }
        if (!ch.isWritable()) {
            // A request body faster than Tomcat reads it: stop reading the client until it drains.
            client.config().setAutoRead(false);
        }
    }

    /** The client's connection drained: Tomcat's side may be read again. */
    void clientWritable() {
        if (upstream != null && upstream.isSuccess()) {
            upstream.channel().config().setAutoRead(true);
        }
    }

    /** The client shut its side down mid-request: so does the relay towards Tomcat. */
    void shutdownOutput() {
        ChannelFuture connection = upstream;
        if (connection != null) {
            connection.addListener(f -> {
                if (f.isSuccess() && connection.channel() instanceof io.netty.channel.socket.DuplexChannel duplex) {
                    duplex.shutdownOutput();
                }
            });
        }
    }

    /** The client went away: so does the Tomcat connection. */
    void close() {
        if (upstream != null) {
            upstream.channel().close();
            upstream = null;
        }
    }

    private final class Upstream extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!inFlight || !client.isActive()) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            if (msg instanceof HttpResponse response) {
                responding = true;
                int status = response.status().code();
                informational = status >= 100 && status < 200;
                closeAfter = !HttpUtil.isKeepAlive(response);
            }
            client.write(msg, client.voidPromise());
            if (msg instanceof LastHttpContent) {
                client.flush();
                if (informational) {
                    informational = false;
                    return;
                }
                inFlight = false;
                if (closeAfter) {
                    ctx.close();
                    upstream = null;
                }
                owner.relayed(closeAfter);
            } else if (!client.isWritable()) {
                // Stop reading before the flush: the flush may make the client writable again at
                // once, and that event must find the Tomcat side paused to resume it.
                ctx.channel().config().setAutoRead(false);
                client.flush();
                if (client.isWritable()) {
                    ctx.channel().config().setAutoRead(true);
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                client.config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (upstream != null && upstream.channel() == ctx.channel()) {
                upstream = null;
            }
            if (inFlight) {
                inFlight = false;
                if (responding) {
                    // A response cut short: the client must not take it for a whole one.
                    client.close();
                } else {
                    owner.unreachable(new java.io.IOException("the servlet path closed the connection"));
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
