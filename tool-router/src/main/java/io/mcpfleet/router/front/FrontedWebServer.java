package io.mcpfleet.router.front;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServer;

/**
 * Tomcat (the servlet path, on 127.0.0.1 and an ephemeral port) behind the Netty front end (the
 * public port). Spring Boot sees one web server whose port is the front's, so
 * {@code local.server.port}, {@code @LocalServerPort} and tests on a random port all name it.
 * Starts Tomcat first and stops it last; a graceful shutdown lets the front's in-flight requests
 * finish before Tomcat's own graceful shutdown.
 */
final class FrontedWebServer implements WebServer {

    private final WebServer tomcat;
    private final InetAddress address;
    private final int port;
    private final FrontEnd config;
    private final FrontServer.Settings settings;
    private final boolean graceful;
    private volatile FrontServer front;
    private final AtomicBoolean stopped = new AtomicBoolean();

    FrontedWebServer(WebServer tomcat, InetAddress address, int port, FrontEnd config, FrontServer.Settings settings,
                     boolean graceful) {
        this.tomcat = tomcat;
        this.address = address;
        this.port = port;
        this.config = config;
        this.settings = settings;
        this.graceful = graceful;
    }

    InetSocketAddress tomcatAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), tomcat.getPort());
    }

    @Override
    public void start() {
        tomcat.start();
        if (front == null) {
            front = FrontServer.start(address, port, config.eventLoops(), settings);
        }
    }

    @Override
    public void stop() {
        FrontServer f = front;
        if (f != null && stopped.compareAndSet(false, true)) {
            f.stop();
        }
        tomcat.stop();
    }

    @Override
    public int getPort() {
        FrontServer f = front;
        return f == null ? -1 : f.port();
    }

    @Override
    public void shutDownGracefully(GracefulShutdownCallback callback) {
        FrontServer f = front;
        if (f == null || !graceful) {
            tomcat.shutDownGracefully(callback);
            return;
        }
        f.shutDownGracefully(() -> tomcat.shutDownGracefully(result -> callback.shutdownComplete(
                result == GracefulShutdownResult.IMMEDIATE ? GracefulShutdownResult.IDLE : result)));
    }

    @Override
    public void destroy() {
        tomcat.destroy();
    }
}
