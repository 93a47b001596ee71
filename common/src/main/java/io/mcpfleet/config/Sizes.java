package io.mcpfleet.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes such as {@code 256MB}, {@code 512m}, {@code 1GiB}, {@code 128Mi} or a plain number of
 * bytes. Every unit is binary (1024-based) however it is spelt, because that is what Docker's
 * {@code --memory 256m} and the seed's {@code "256MB"} mean; the unit is not case-sensitive.
 */
public final class Sizes {

    static final String EXAMPLES = "use e.g. 256MB, 512m, 1GiB";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([A-Za-z]*)");
    private static final long KIB = 1024;
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", KIB), Map.entry("kb", KIB), Map.entry("ki", KIB), Map.entry("kib", KIB),
            Map.entry("m", KIB * KIB), Map.entry("mb", KIB * KIB), Map.entry("mi", KIB * KIB), Map.entry("mib", KIB * KIB),
            Map.entry("g", KIB * KIB * KIB), Map.entry("gb", KIB * KIB * KIB), Map.entry("gi", KIB * KIB * KIB),
            Map.entry("gib", KIB * KIB * KIB),
            Map.entry("t", KIB * KIB * KIB * KIB), Map.entry("tb", KIB * KIB * KIB * KIB),
            Map.entry("ti", KIB * KIB * KIB * KIB), Map.entry("tib", KIB * KIB * KIB * KIB));

    private Sizes() {
    }

    /** The size in bytes (fractions of a byte dropped), or empty when the text is not a size or overflows a long. */
    public static OptionalLong parseBytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            return OptionalLong.empty();
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(bytes.longValue());
    }

    /** 268435456 as "256MiB", for messages. */
    static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        long value = bytes;
        while (i < units.length - 1 && value >= KIB && value % KIB == 0) {
            value /= KIB;
            i++;
        }
        return value + units[i];
    }
}
