package io.mcpfleet.router.sse;

import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Event.
 *
 * @param name the event name ({@code message} when the stream gave none)
 * @param id   the event id, or {@code null}
 * @param data the data lines joined by {@code \n}, as UTF-8 bytes
 */
public record SseEvent(String name, String id, byte[] data) {

    public String dataText() {
        return new String(data, StandardCharsets.UTF_8);
    }

    public boolean isMessage() {
        return name.equals("message");
    }
}
