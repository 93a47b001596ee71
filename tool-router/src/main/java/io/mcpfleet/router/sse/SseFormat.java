package io.mcpfleet.router.sse;

import java.io.IOException;
import java.io.OutputStream;

/** Writes JSON-RPC messages as SSE {@code message} events. */
public final class SseFormat {

    private static final byte[] PREFIX = "event: message\ndata: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SseFormat() {
    }

    /** Writes one event; line breaks inside the message become extra {@code data:} lines. */
    public static void writeMessage(OutputStream out, byte[] json) throws IOException {
        out.write(PREFIX);
        int from = 0;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (b == '\n' || b == '\r') {
                out.write(json, from, i - from);
                out.write(DATA);
                if (b == '\r' && i + 1 < json.length && json[i + 1] == '\n') {
                    i++;
                }
                from = i + 1;
            }
        }
        out.write(json, from, json.length - from);
        out.write(END);
    }
}
