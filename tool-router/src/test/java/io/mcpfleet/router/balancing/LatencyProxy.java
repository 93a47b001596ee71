package io.mcpfleet.router.balancing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk a client sends for a fixed delay before passing
 * it on: the server behind it answers as fast as ever, but each request reaches it that much later,
 * so the instance looks slower to whoever calls it through here.
 */
final class LatencyProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final long delayMillis;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private LatencyProxy(ServerSocket listener, int targetPort, Duration delay) {
        this.listener = listener;
        this.targetPort = targetPort;
        this.delayMillis = delay.toMillis();
    }

    static LatencyProxy start(int targetPort, Duration delay) {
        try {
            LatencyProxy proxy = new LatencyProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    targetPort, delay);
            daemon("latency-proxy", proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the latency proxy", e);
        }
    }

    /** {@code http://127.0.0.1:PORT} */
    String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                daemon("latency-proxy-up", () -> pump(client, server, delayMillis));
                daemon("latency-proxy-down", () -> pump(server, client, 0));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, long delay) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException closed) {
            // one side went away: the other goes too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::closeQuietly);
    }
}
