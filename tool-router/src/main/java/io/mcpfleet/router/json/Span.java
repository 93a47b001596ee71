package io.mcpfleet.router.json;

import java.nio.charset.StandardCharsets;

/**
 * Where a JSON value sits in a message's bytes: {@code [start, end)}. Lets the router rewrite one
 * value (a tool name, an id) without parsing or re-serialising the rest of the message.
 */
public record Span(int start, int end) {

    public String text(byte[] bytes) {
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    public byte[] copy(byte[] bytes) {
        byte[] out = new byte[end - start];
        System.arraycopy(bytes, start, out, 0, out.length);
        return out;
    }

    /** Finds the end of the scalar JSON value that starts at {@code start} (a string, number or literal). */
    static Span ofScalar(byte[] bytes, int start) {
        int i = start;
        if (bytes[i] == '"') {
            i++;
            while (bytes[i] != '"') {
                i += bytes[i] == '\\' ? 2 : 1;
            }
            return new Span(start, i + 1);
        }
        while (i < bytes.length && !isDelimiter(bytes[i])) {
            i++;
        }
        return new Span(start, i);
    }

    private static boolean isDelimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
