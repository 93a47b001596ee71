package io.mcpfleet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of the shared Docker engine, for a manager started with
 * {@code DOCKER_HOST=}{@link #dockerHost()}: {@link #cut()} makes the engine unreachable for it
 * (open connections closed, new ones refused, as when the engine is down) and {@link #restore()}
 * brings it back on the same port; {@link #dropConnections()} plays an engine restart (open
 * connections closed, new ones accepted). The engine other tests use is not touched.
 */
public final class EngineProxy implements AutoCloseable {

    private final SocketAddress engine;
    private final int port;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocketChannel server;

    private EngineProxy(SocketAddress engine, ServerSocketChannel server) throws IOException {
        this.engine = engine;
        this.server = server;
        this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** A proxy to the engine of {@link DockerTestSupport#dockerHost()}, listening on a free port. */
    public static EngineProxy start() {
        URI uri = URI.create(DockerTestSupport.dockerHost());
        SocketAddress engine = "unix".equals(uri.getScheme()) ? UnixDomainSocketAddress.of(uri.getPath())
                : new InetSocketAddress(uri.getHost(), uri.getPort());
        try {
            EngineProxy proxy = new EngineProxy(engine, listen(0));
            proxy.acceptOn(proxy.server);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the engine proxy", e);
        }
    }

    /** {@code DOCKER_HOST} for the manager. */
    public String dockerHost() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The engine goes away: connections open now are closed, new ones are refused. */
    public void cut() {
        closeQuietly(server);
        dropConnections();
    }

    /** Closes every connection open now; new ones are still accepted. */
    public void dropConnections() {
        open.forEach(EngineProxy::closeQuietly);
        open.clear();
    }

    /** The engine is back, on the same port. */
    public void restore() {
        try {
            server = listen(port);
            acceptOn(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen again on port " + port, e);
        }
    }

    private static ServerSocketChannel listen(int port) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return channel;
    }

    private void acceptOn(ServerSocketChannel listener) {
        daemon("engine-proxy", () -> {
            while (listener.isOpen()) {
                try {
                    SocketChannel client = listener.accept();
                    SocketChannel upstream = engine instanceof UnixDomainSocketAddress
                            ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
                    upstream.connect(engine);
                    open.add(client);
                    open.add(upstream);
                    daemon("engine-proxy-pump", () -> pump(client, upstream));
                    daemon("engine-proxy-pump", () -> pump(upstream, client));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException closed) {
            // one side went away: take the other down too
        }
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
