package io.mcpfleet.bench.floors;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;
import java.util.function.Supplier;

/** Netty's JDK transport (a Selector) or its native one (epoll through JNI, fewer system calls and copies). */
public enum NettyTransport {
    NIO(NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class),
    EPOLL(EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class);

    private final Supplier<IoHandlerFactory> handlers;
    final Class<? extends ServerChannel> serverChannel;
    final Class<? extends SocketChannel> clientChannel;

    NettyTransport(Supplier<IoHandlerFactory> handlers, Class<? extends ServerChannel> serverChannel,
            Class<? extends SocketChannel> clientChannel) {
        this.handlers = handlers;
        this.serverChannel = serverChannel;
        this.clientChannel = clientChannel;
    }

    IoHandlerFactory handlers() {
        return handlers.get();
    }

    static NettyTransport of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
