package io.mcpfleet.router.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The value encoding of {@code Mcp-Name} and {@code Mcp-Param-*}: plain when the value is visible
 * ASCII without edge spaces, else the sentinel {@code =?base64?<standard Base64 of UTF-8>?=}.
 */
public final class HeaderValues {

    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";

    private HeaderValues() {
    }

    /** The header value for {@code value}. */
    public static String encode(String value) {
        if (plain(value)) {
            return value;
        }
        return PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + SUFFIX;
    }

    /** The value a header carries, or {@code null} when its Base64 is broken. */
    public static String decode(String header) {
        if (!(header.startsWith(PREFIX) && header.endsWith(SUFFIX) && header.length() >= PREFIX.length()
                + SUFFIX.length())) {
            return header;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(header.substring(PREFIX.length(),
                    header.length() - SUFFIX.length()));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean plain(String value) {
        if (value.isEmpty()) {
            return true;
        }
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' '
                || (value.startsWith(PREFIX) && value.endsWith(SUFFIX))) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
