package io.mcpfleet.manager.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * The stdin of an attachment as docker-java wants it: an {@link InputStream} that its copying
 * thread reads and writes to the hijacked connection. Writers queue whole messages (so two writers
 * never interleave); reads block until there is something, and end (-1) once closed. A
 * {@code PipedInputStream} would not do: it fails when the thread that last wrote has ended, and
 * here every request thread writes.
 */
final class StdinQueue extends InputStream {

    private final int maxUnread;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private byte[] current;
    private int position;
    private long unread;
    private boolean closed;

    StdinQueue(int maxUnread) {
        this.maxUnread = maxUnread;
    }

    /** Queues a message; fails when closed or when the process has left more than the limit unread. */
    synchronized void offer(byte[] message) throws IOException {
        if (closed) {
            throw new IOException("stdin is closed");
        }
        if (unread + message.length > maxUnread) {
            throw new IOException("the process has left " + unread + " bytes of its stdin unread");
        }
        queue.add(message);
        unread += message.length;
        notifyAll();
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!closed && (current == null || position == current.length) && queue.isEmpty()) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for stdin", e);
            }
        }
        if (closed) {
            return -1;
        }
        if (current == null || position == current.length) {
            current = queue.poll();
            position = 0;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, into, offset, n);
        position += n;
        unread -= n;
        return n;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, unread);
    }

    @Override
    public synchronized void close() {
        closed = true;
        queue.clear();
        current = null;
        notifyAll();
    }
}
