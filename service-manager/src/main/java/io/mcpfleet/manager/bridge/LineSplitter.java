package io.mcpfleet.manager.bridge;

import java.util.Arrays;

/**
 * Cuts a byte stream into lines, as newline-delimited JSON-RPC frames it. A line longer than the
 * limit is not held: its bytes are dropped up to the next newline and reported once, with its length,
 * so that one huge or endless line costs no more memory than the limit. A carriage return before
 * the newline and empty lines are dropped. Not thread-safe: one attachment feeds it, in order.
 */
final class LineSplitter {

    /** What the splitter finds. */
    interface Lines {
        /** A whole line; the array may be reused once this returns. */
        void line(byte[] buffer, int length);

        /** A line longer than the limit was dropped; {@code length} is how long it was. */
        void tooLong(long length);
    }

    private final int maxLine;
    private final Lines lines;
    private byte[] buffer = new byte[8192];
    private int size;
    /** Bytes of the current line dropped so far; 0 while the line fits. */
    private long dropped;

    LineSplitter(int maxLine, Lines lines) {
        this.maxLine = maxLine;
        this.lines = lines;
    }

    void feed(byte[] chunk, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                endOfLine();
                start = i + 1;
            }
        }
        append(chunk, start, length - start);
    }

    /** The stream ended: a last line without a newline still counts. */
    void finish() {
        if (size > 0 || dropped > 0) {
            endOfLine();
        }
    }

    private void append(byte[] chunk, int from, int count) {
        if (count == 0) {
            return;
        }
        if (dropped > 0 || size + count > maxLine) {
            dropped += size + count;
            size = 0;
            return;
        }
        if (size + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(maxLine, Math.max(size + count, buffer.length * 2)));
        }
        System.arraycopy(chunk, from, buffer, size, count);
        size += count;
    }

    private void endOfLine() {
        if (dropped > 0) {
            lines.tooLong(dropped);
        } else {
            int length = size > 0 && buffer[size - 1] == '\r' ? size - 1 : size;
            if (length > 0) {
                lines.line(buffer, length);
            }
        }
        size = 0;
        dropped = 0;
        // A long line grew the buffer; do not keep megabytes for the short lines that follow.
        if (buffer.length > 64 * 1024) {
            buffer = new byte[8192];
        }
    }
}
