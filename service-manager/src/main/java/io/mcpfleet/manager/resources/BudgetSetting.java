package io.mcpfleet.manager.resources;

import io.mcpfleet.config.Sizes;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code fleet.memory-budget}: a size ({@code 8GiB}, {@code 512MB}), a share of the engine's host
 * memory ({@code 75%}), or {@code none}. Parsed once, at start-up; a bad value stops start-up.
 *
 * @param bytes   the size, when given as one
 * @param percent the share of the host's memory, when given as one
 */
public record BudgetSetting(OptionalLong bytes, Double percent) {

    public static final String KEY = "fleet.memory-budget";

    public static BudgetSetting parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("none") || value.equals("unlimited")) {
            return new BudgetSetting(OptionalLong.empty(), null);
        }
        if (value.endsWith("%")) {
            BigDecimal share;
            try {
                share = new BigDecimal(value.substring(0, value.length() - 1).strip());
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            if (share.signum() <= 0 || share.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException(KEY + ": " + text + " must be a share above 0% and at most 100%");
            }
            return new BudgetSetting(OptionalLong.empty(), share.doubleValue());
        }
        OptionalLong bytes = Sizes.parseBytes(value);
        if (bytes.isEmpty() || bytes.getAsLong() <= 0) {
            throw invalid(text);
        }
        return new BudgetSetting(bytes, null);
    }

    /** The budget in bytes on a host with {@code hostMemory} (empty: unknown), or empty for no budget. */
    public OptionalLong resolve(OptionalLong hostMemory) {
        if (bytes.isPresent()) {
            return bytes;
        }
        if (percent == null || hostMemory.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) (hostMemory.getAsLong() * percent / 100));
    }

    public boolean unlimited() {
        return bytes.isEmpty() && percent == null;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(KEY + ": \"" + text
                + "\" is not a memory budget; use a size (8GiB, 512MB), a share of the host's memory (75%) or none");
    }
}
