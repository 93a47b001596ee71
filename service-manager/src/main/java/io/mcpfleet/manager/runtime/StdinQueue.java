package io.mcpfleet.manager.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The stdin of an attachment as docker-java wants it: an {@link InputStream} that its copying
 * thread reads and writes to the hijacked connection. Writers queue whole messages (so two writers
 * never interleave); reads block until there is something, and end (-1) once closed. A
 * {@code PipedInputStream} would not do: it fails when the thread that last wrote has ended, and
 * here every request thread writes.
 *
 * <p>Writers take no lock: every request thread of the bridge offers here, and a monitor they all
 * shared was among the bridge's contended ones under load. One thread reads (docker-java's copier);
 * it parks when the queue is empty and a writer unparks it.
 */
final class StdinQueue extends InputStream {

    private final int maxUnread;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong unread = new AtomicLong();
    private volatile boolean closed;
    /** The reader, while it waits for a message. */
    private volatile Thread waiting;
    // The reader's own: the message it is part way through.
    private byte[] current;
    private int position;

    StdinQueue(int maxUnread) {
        this.maxUnread = maxUnread;
    }

    /** Queues a message; fails when closed or when the process has left more than the limit unread. */
    void offer(byte[] message) throws IOException {
        if (closed) {
            throw new IOException("stdin is closed");
        }
        long now = unread.addAndGet(message.length);
        if (now > maxUnread) {
            unread.addAndGet(-message.length);
            throw new IOException("the process has left " + (now - message.length) + " bytes of its stdin unread");
        }
        queue.add(message);
        Thread reader = waiting;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * As many queued messages as fit: docker-java's copying thread writes and flushes once per read,
     * so a burst of calls goes to the process in one write instead of one per message.
     */
    @Override
    public synchronized int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (closed) {
                return -1;
            }
            int n = take(into, offset, length);
            if (n > 0) {
                unread.addAndGet(-n);
                return n;
            }
            waiting = Thread.currentThread();
            if (queue.isEmpty() && !closed) {
                LockSupport.park(this);
            }
            waiting = null;
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("interrupted while waiting for stdin");
            }
        }
    }

    private int take(byte[] into, int offset, int length) {
        int n = 0;
        while (n < length) {
            if (current == null || position == current.length) {
                current = queue.poll();
                position = 0;
                if (current == null) {
                    break;
                }
            }
            int count = Math.min(length - n, current.length - position);
            System.arraycopy(current, position, into, offset + n, count);
            position += count;
            n += count;
        }
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, unread.get());
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        Thread reader = waiting;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
    }
}
