package io.mcpfleet.router.json;

import java.nio.charset.StandardCharsets;

/** Replaces values inside a message's bytes, leaving every other byte as it was. */
public final class Splice {

    private Splice() {
    }

    /** The message with the value at {@code span} replaced by {@code json} (raw JSON text). */
    public static byte[] replace(byte[] bytes, Span span, String json) {
        return replace(bytes, span, json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] replace(byte[] bytes, Span span, byte[] json) {
        byte[] out = new byte[bytes.length - (span.end() - span.start()) + json.length];
        System.arraycopy(bytes, 0, out, 0, span.start());
        System.arraycopy(json, 0, out, span.start(), json.length);
        System.arraycopy(bytes, span.end(), out, span.start() + json.length, bytes.length - span.end());
        return out;
    }

    /** Two replacements at once; the spans must not overlap. */
    public static byte[] replace(byte[] bytes, Span a, String jsonA, Span b, String jsonB) {
        if (a.start() > b.start()) {
            return replace(bytes, b, jsonB, a, jsonA);
        }
        byte[] second = replace(bytes, b, jsonB);
        return replace(second, a, jsonA);
    }

    /** Quotes a Java string as a JSON string literal. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
