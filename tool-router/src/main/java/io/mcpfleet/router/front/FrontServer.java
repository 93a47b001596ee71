package io.mcpfleet.router.front;

import io.mcpfleet.router.mcp.LoopPost;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's public HTTP/1.1 port on Netty event loops (epoll where it loads): POST /mcp runs on
 * the loop that read it ({@link LoopPost}), the rest goes to the servlet path through each
 * connection's {@link TomcatRelay}.
 */
final class FrontServer {

    private static final Logger log = LoggerFactory.getLogger(FrontServer.class);

    /**
     * @param lane        the fast lane, or {@code null} to relay every request
     * @param tomcat      where the servlet path listens (known once Tomcat has started)
     * @param idleTimeout how long a connection without a request in progress is kept open
     */
    record Settings(LoopPost lane, FrontTransport transport, Supplier<InetSocketAddress> tomcat, int maxHeaderBytes,
                    Duration idleTimeout) {
    }

    private final EventLoopGroup group;
    private final Channel server;
    private final ChannelGroup connections;

    private FrontServer(EventLoopGroup group, Channel server, ChannelGroup connections) {
        this.group = group;
        this.server = server;
        this.connections = connections;
    }

    /** Binds {@code address:port} ({@code address} null: every interface; {@code port} 0: an ephemeral one). */
    static FrontServer start(InetAddress address, int port, int eventLoops, Settings settings) {
        FrontTransport transport = settings.transport();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("mcp-front"),
                transport.handlers());
        ChannelGroup connections = new DefaultChannelGroup("mcp-front", GlobalEventExecutor.INSTANCE);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // A client may send its request and shut its side down: it still gets the answer.
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch);
                            long idle = settings.idleTimeout().toMillis();
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS),
                                    new HttpServerCodec(8192, settings.maxHeaderBytes(), 8192),
                                    new FrontConnection(settings));
                        }
                    })
                    .bind(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port))
                    .syncUninterruptibly().channel();
            log.info("MCP front end (Netty, {}, {} event loops) on port {}", transport.name(), eventLoops,
                    ((InetSocketAddress) server.localAddress()).getPort());
            return new FrontServer(group, server, connections);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Stops accepting, lets each connection finish the request it is answering and closes it;
     * {@code then} runs once every connection is closed (on another thread).
     */
    void shutDownGracefully(Runnable then) {
        server.close().syncUninterruptibly();
        for (Channel ch : connections) {
            FrontConnection connection = ch.pipeline().get(FrontConnection.class);
            if (connection != null) {
                ch.eventLoop().execute(connection::closeWhenIdle);
            }
        }
        Thread.ofPlatform().name("mcp-front-shutdown").daemon().start(() -> {
            while (!connections.isEmpty() && !group.isShuttingDown()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            then.run();
        });
    }

    /** Closes everything now. */
    void stop() {
        server.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
