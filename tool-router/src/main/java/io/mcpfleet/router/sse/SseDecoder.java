package io.mcpfleet.router.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Incremental {@code text/event-stream} decoder: feed it bytes as they arrive, it hands out each
 * complete event. Data stays bytes (no String per event on the hot path). Not thread-safe: one
 * per stream.
 */
public final class SseDecoder {

    private final int maxEventBytes;
    private final Consumer<SseEvent> sink;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLf;
    private byte[] data = new byte[0];
    private int dataLength;
    private boolean hasData;
    private String event;
    private String id;

    public SseDecoder(int maxEventBytes, Consumer<SseEvent> sink) {
        this.maxEventBytes = maxEventBytes;
        this.sink = sink;
    }

    /** Consumes the buffer's remaining bytes. */
    public void feed(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                skipLf = b == '\r';
                endOfLine();
            } else {
                appendToLine(b);
            }
        }
    }

    public void feed(byte[] bytes, int offset, int length) {
        feed(ByteBuffer.wrap(bytes, offset, length));
    }

    private void appendToLine(byte b) {
        if (lineLength == line.length) {
            if (lineLength + dataLength >= maxEventBytes) {
                throw new SseTooLargeException(maxEventBytes);
            }
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void endOfLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            lineLength = 0;
            return;
        }
        int colon = indexOf(line, lineLength, (byte) ':');
        int nameEnd = colon < 0 ? lineLength : colon;
        int valueStart = colon < 0 ? lineLength : colon + 1;
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        if (is("data", nameEnd)) {
            appendData(valueStart);
        } else if (is("event", nameEnd)) {
            event = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
        } else if (is("id", nameEnd)) {
            id = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
        }
        lineLength = 0;
    }

    private void appendData(int valueStart) {
        int n = lineLength - valueStart;
        int needed = dataLength + n + (hasData ? 1 : 0);
        if (needed > maxEventBytes) {
            throw new SseTooLargeException(maxEventBytes);
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, valueStart, data, dataLength, n);
        dataLength += n;
        hasData = true;
    }

    private void dispatch() {
        if (hasData) {
            sink.accept(new SseEvent(event == null || event.isEmpty() ? "message" : event, id,
                    Arrays.copyOf(data, dataLength)));
        }
        dataLength = 0;
        hasData = false;
        event = null;
        id = null;
        if (data.length > 64 * 1024) {
            data = new byte[0];
        }
    }

    private boolean is(String field, int nameEnd) {
        if (nameEnd != field.length()) {
            return false;
        }
        for (int i = 0; i < nameEnd; i++) {
            if (line[i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
