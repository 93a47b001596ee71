package io.mcpfleet.manager.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Reads the body of an MCP server's answer: a JSON (or any other) body whole, up to a limit; an
 * event stream only until its first event whose data ends the wait (a server may keep a POST's
 * stream open, or never end a wrong endpoint's stream). Blocking, on a stream whose reads end at
 * the probe's deadline.
 */
final class FirstAnswer {

    private FirstAnswer() {
    }

    /**
     * @param eventStream read Server-Sent Events (else the whole body)
     * @param limit       bytes read at most; past it the read fails with {@link AnswerTooLarge}
     * @param ends        whether an event's data is the one to wait for (others, such as a priming
     *                    event or a notification, are skipped)
     * @return the whole body, or the data of the event that ends the wait; {@code null} when an
     *         event stream ended without one
     */
    static String read(InputStream body, boolean eventStream, int limit, Predicate<String> ends) throws IOException {
        return eventStream ? firstEvent(body, limit, ends) : whole(body, limit);
    }

    private static String whole(InputStream body, int limit) throws IOException {
        byte[] bytes = body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new AnswerTooLarge(limit);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String firstEvent(InputStream body, int limit, Predicate<String> ends) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        boolean afterCr = false;
        int total = 0;
        byte[] buf = new byte[4096];
        int n;
        while ((n = body.read(buf)) >= 0) {
            total += n;
            if (total > limit) {
                throw new AnswerTooLarge(limit);
            }
            for (int i = 0; i < n; i++) {
                byte c = buf[i];
                // SSE lines end in \n, \r or \r\n (the \r\n pair is one end, not an empty line)
                if (c == '\n' && afterCr) {
                    afterCr = false;
                    continue;
                }
                afterCr = c == '\r';
                if (c != '\n' && c != '\r') {
                    line.write(c);
                    continue;
                }
                if (line.size() > 0) {
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (text.startsWith("data:")) {
                        String value = text.substring(5);
                        data.append(hasData ? "\n" : "").append(value.startsWith(" ") ? value.substring(1) : value);
                        hasData = true;
                    }
                    continue;
                }
                // An empty line ends the event.
                if (hasData && ends.test(data.toString())) {
                    return data.toString();
                }
                data.setLength(0);
                hasData = false;
            }
        }
        return null;
    }

    /** The body passed the limit. */
    static final class AnswerTooLarge extends IOException {
        AnswerTooLarge(int limit) {
            super("the answer is larger than " + limit / 1024 + " KiB");
        }
    }
}
