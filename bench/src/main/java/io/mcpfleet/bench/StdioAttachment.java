package io.mcpfleet.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's attach connection to a container's stdio, spoken directly: lines to its stdin, and
 * its stdout (frames of {@code [type, 0, 0, 0, size32]}) back as lines, read by a thread of its own.
 */
final class StdioAttachment implements AutoCloseable {

    private final SocketChannel channel;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** When set, stdout lines go here instead of to {@link #await}. */
    private volatile java.util.function.Consumer<String> listener;

    StdioAttachment(SocketChannel channel, InputStream in) {
        this.channel = channel;
        Thread reader = new Thread(() -> read(in), "bench-attach");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Writes on the channel itself: a stream from {@code Channels.newOutputStream} would wait for the
     * channel's blocking lock, which the reader's stream holds while it waits for output.
     */
    synchronized void send(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Sends every further line of stdout to {@code listener} (a driver) rather than queueing it. */
    void listen(java.util.function.Consumer<String> listener) {
        this.listener = listener;
    }

    /** The next line of stdout that contains {@code marker}, or an exception at the deadline. */
    String await(String marker, long deadlineNanos) throws IOException {
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IOException("no line with " + marker + " on stdout in time");
                }
                if (line.contains(marker)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void read(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            byte[] header = new byte[8];
            while (true) {
                if (in.readNBytes(header, 0, 8) < 8) {
                    return;
                }
                int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                        | (header[7] & 0xff);
                byte[] payload = in.readNBytes(size);
                if (payload.length < size) {
                    throw new EOFException();
                }
                if (header[0] != 1) {
                    continue; // stderr
                }
                for (char c : new String(payload, StandardCharsets.UTF_8).toCharArray()) {
                    if (c == '\n') {
                        java.util.function.Consumer<String> l = listener;
                        if (l != null) {
                            l.accept(line.toString());
                        } else {
                            lines.add(line.toString());
                        }
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // the attachment ended
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing what is dropped
        }
    }
}
