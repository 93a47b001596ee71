package io.mcpfleet.router.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;

/**
 * One HTTP/1.1 keep-alive connection to a backend, used by one exchange at a time. Reads are
 * buffered and block without a socket timeout; each is bounded by a deadline that the pool's
 * {@code closeOverdue} enforces by closing the connection ({@link #close()} from another
 * thread ends a blocked read at once). A timed read of a channel's socket costs five system calls
 * (non-blocking mode on, a read, a poll, a read, blocking mode back); this one costs one.
 */
final class Http1Connection implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;
    static final int MAX_LINE = 8 * 1024;

    final Http1Endpoint endpoint;
    /** Where {@link #readLine(long)} puts a line of a response head or chunk framing. */
    final byte[] line = new byte[MAX_LINE];
    private final SocketChannel channel;
    private final byte[] buffer = new byte[BUFFER];
    private final ByteBuffer readInto = ByteBuffer.wrap(buffer);
    private final ByteBuffer peek = ByteBuffer.allocate(1);
    /** Unread bytes are {@code buffer[start, end)}. */
    private int start;
    private int end;
    private long idleSince;
    private volatile boolean closed;
    /** The deadline of the read in progress ({@link System#nanoTime()} scale), valid while {@link #reading}. */
    private volatile long readDeadline;
    private volatile boolean reading;
    private volatile boolean timedOut;

    private Http1Connection(Http1Endpoint endpoint, SocketChannel channel) {
        this.endpoint = endpoint;
        this.channel = channel;
    }

    /** Connects, waiting at most {@code timeoutMillis}. */
    static Http1Connection open(Http1Endpoint endpoint, int timeoutMillis) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
            return new Http1Connection(endpoint, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Writes both buffers completely (one system call when the socket takes them). */
    void write(ByteBuffer head, ByteBuffer body) throws IOException {
        ByteBuffer[] both = {head, body};
        while (head.hasRemaining() || body.hasRemaining()) {
            channel.write(both);
        }
    }

    /** The next byte, or -1 at the end of the stream. */
    int read(long deadlineNanos) throws IOException {
        if (start == end && fill(deadlineNanos) < 0) {
            return -1;
        }
        return buffer[start++] & 0xff;
    }

    /**
     * Reads one line into {@link #line}, without its CRLF (or bare LF).
     *
     * @return its length, or -1 if the stream ended before the line began
     * @throws java.net.ProtocolException if it is longer than {@link #MAX_LINE}
     * @throws java.io.EOFException if the stream ended inside it
     */
    int readLine(long deadlineNanos) throws IOException {
        int n = 0;
        while (true) {
            int b = read(deadlineNanos);
            if (b < 0) {
                if (n == 0) {
                    return -1;
                }
                throw new java.io.EOFException("the connection closed inside a line of the response");
            }
            if (b == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n == MAX_LINE) {
                throw new java.net.ProtocolException("response line longer than " + MAX_LINE + " bytes");
            }
            line[n++] = (byte) b;
        }
    }

    /** Up to {@code length} bytes into {@code dst}; -1 at the end of the stream. */
    int read(byte[] dst, int offset, int length, long deadlineNanos) throws IOException {
        if (start == end && fill(deadlineNanos) < 0) {
            return -1;
        }
        int n = Math.min(length, end - start);
        System.arraycopy(buffer, start, dst, offset, n);
        start += n;
        return n;
    }

    private int fill(long deadlineNanos) throws IOException {
        if (deadlineNanos - System.nanoTime() <= 0) {
            throw new SocketTimeoutException("deadline reached");
        }
        readDeadline = deadlineNanos;
        reading = true;
        try {
            readInto.clear();
            int n = channel.read(readInto);
            start = 0;
            end = Math.max(n, 0);
            return n;
        } catch (ClosedChannelException e) {
            if (timedOut) {
                throw new SocketTimeoutException("deadline reached");
            }
            throw e;
        } finally {
            reading = false;
        }
    }

    /** Closes the connection if a read on it is past its deadline; whether it did. */
    boolean closeIfOverdue(long nowNanos) {
        if (reading && nowNanos - readDeadline > 0) {
            timedOut = true;
            close();
            return true;
        }
        return false;
    }

    /** Whether a response left bytes behind (the connection then cannot carry another). */
    boolean hasUnread() {
        return start != end;
    }

    void idle() {
        idleSince = System.nanoTime();
    }

    long idleNanos(long now) {
        return now - idleSince;
    }

    /**
     * Whether the server is done with this idle connection: it closed it (servers close idle
     * keep-alive connections; a stopped container closes them all) or sent something unasked.
     * A non-blocking look that costs no wait, so a call is never sent into a dead connection.
     */
    boolean stale() {
        if (closed || start != end) {
            return true;
        }
        try {
            channel.configureBlocking(false);
            peek.clear();
            int n = channel.read(peek);
            channel.configureBlocking(true);
            return n != 0;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
