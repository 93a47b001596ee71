package io.mcpfleet.manager.logs;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /services/{name}/logs} asks for, checked: bad values are
 * {@link IllegalArgumentException}s that say what to send instead (the API answers them with 400).
 *
 * @param tail     at most this many lines (over all instances read), {@code 0..}{@value #MAX_TAIL}
 * @param since    only lines written at or after this time, or {@code null}
 * @param instance the one instance to read (container id, a unique prefix of it, or the container name), or {@code null} for all
 * @param follow   whether to keep streaming new lines
 */
public record LogRequest(int tail, Instant since, String instance, boolean follow) {

    public static final int DEFAULT_TAIL = 100;
    public static final int MAX_TAIL = 1000;

    private static final Pattern RELATIVE = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
    private static final Pattern EPOCH = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?");

    public LogRequest {
        if (tail < 0 || tail > MAX_TAIL) {
            throw new IllegalArgumentException("parameter 'tail' must be between 0 and " + MAX_TAIL + ", got " + tail);
        }
    }

    /**
     * From the query's text.
     *
     * @param tail     decimal digits, or {@code null} for {@value #DEFAULT_TAIL}
     * @param since    an ISO-8601 time ({@code 2026-11-27T08:01:02Z}), Unix seconds ({@code 1764230462.5}),
     *                 or a time ago ({@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code 500ms}); or {@code null}
     * @param follow   {@code true}, {@code false} or {@code null}
     */
    public static LogRequest parse(String tail, String since, String instance, String follow, Clock clock) {
        return new LogRequest(tail(tail), since(since, clock), instance(instance), follow(follow));
    }

    private static int tail(String text) {
        if (text == null) {
            return DEFAULT_TAIL;
        }
        if (!text.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("parameter 'tail' must be a line count between 0 and " + MAX_TAIL
                    + ", got '" + clip(text) + "'");
        }
        return Integer.parseInt(text);
    }

    static Instant since(String text, Clock clock) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Matcher relative = RELATIVE.matcher(text);
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            Duration ago = switch (relative.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(ago);
        }
        if (EPOCH.matcher(text).matches()) {
            BigDecimal seconds = new BigDecimal(text);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parameter 'since' must be a time (2026-11-27T08:01:02Z), Unix seconds, "
                    + "or a time ago (90s, 10m, 2h, 1d), got '" + clip(text) + "'");
        }
    }

    private static String instance(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > 128 || !text.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("parameter 'instance' must be a container id or name, got '"
                    + clip(text) + "'");
        }
        return text;
    }

    private static boolean follow(String text) {
        if (text == null || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException("parameter 'follow' must be true or false, got '" + clip(text) + "'");
    }

    private static String clip(String s) {
        return (s.length() > 64 ? s.substring(0, 64) + "..." : s).replaceAll("\\p{Cntrl}", "?");
    }
}
