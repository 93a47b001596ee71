package io.mcpfleet.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: a plain number is seconds ({@code 300}, {@code 0.5}); otherwise
 * one or more number-unit parts with units {@code ms}, {@code s}, {@code m}, {@code h} and {@code d},
 * largest first, as in {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 1.5s}.
 */
final class DurationParser {

    static final String EXAMPLES = "use e.g. 300 (seconds), 90s, 5m, 1h30m, 500ms";

    private static final Pattern SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    /** Bigger than any sensible timeout, small enough to be far from Duration's own limits. */
    private static final Duration MAX = Duration.ofDays(365);
    /** "365d23h59m59s999ms" is 18 characters; decimals add a few. */
    private static final int MAX_LENGTH = 64;

    private DurationParser() {
    }

    /** The duration, or empty if the text is not one or is longer than a year. */
    static Optional<Duration> parse(String text) {
        String t = text.trim();
        if (t.length() > MAX_LENGTH) {
            return Optional.empty(); // also keeps java.util.regex, which recurses per part, off long hostile input
        }
        BigDecimal nanos;
        if (SECONDS.matcher(t).matches()) {
            nanos = new BigDecimal(t).movePointRight(9);
        } else if (WHOLE.matcher(t).matches()) {
            nanos = BigDecimal.ZERO;
            int lastRank = Integer.MAX_VALUE;
            Matcher part = PART.matcher(t);
            while (part.find()) {
                int rank = rank(part.group(2));
                if (rank >= lastRank) {
                    return Optional.empty(); // "5s1m" or "1m1m": a typo, not a duration
                }
                lastRank = rank;
                nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(nanosPer(part.group(2)))));
            }
        } else {
            return Optional.empty();
        }
        if (nanos.compareTo(BigDecimal.valueOf(MAX.toNanos())) > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /** "1h30m" rather than Duration's "PT1H30M", for messages. */
    static String format(Duration d) {
        if (d.toMillisPart() != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            out.append(d.toSecondsPart()).append('s');
        }
        return out.toString();
    }

    private static int rank(String unit) {
        return switch (unit) {
            case "d" -> 4;
            case "h" -> 3;
            case "m" -> 2;
            case "s" -> 1;
            default -> 0;
        };
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "d" -> Duration.ofDays(1).toNanos();
            case "h" -> Duration.ofHours(1).toNanos();
            case "m" -> Duration.ofMinutes(1).toNanos();
            case "s" -> Duration.ofSeconds(1).toNanos();
            default -> Duration.ofMillis(1).toNanos();
        };
    }
}
