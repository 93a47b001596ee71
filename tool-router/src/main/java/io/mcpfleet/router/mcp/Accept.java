package io.mcpfleet.router.mcp;

/** Reads an {@code Accept} header: does it allow a media type? (No header allows everything.) */
final class Accept {

    static final int JSON = 1;
    static final int SSE = 2;

    /** Clients send the same header with every request: remember the last one read. */
    private static volatile Parsed last = new Parsed("application/json, text/event-stream", JSON | SSE);

    private record Parsed(String header, int flags) {
    }

    private Accept() {
    }

    /** {@link #JSON} and {@link #SSE}, as far as the header allows them. */
    static int of(String header) {
        Parsed p = last;
        if (header != null && header.equals(p.header())) {
            return p.flags();
        }
        int flags = (allows(header, "application/json") ? JSON : 0) | (allows(header, "text/event-stream") ? SSE : 0);
        if (header != null && header.length() <= 256) {
            last = new Parsed(header, flags);
        }
        return flags;
    }

    static boolean allows(String header, String type) {
        if (header == null || header.isBlank()) {
            return true;
        }
        int slash = type.indexOf('/');
        for (String range : header.split(",")) {
            int semicolon = range.indexOf(';');
            String r = (semicolon < 0 ? range : range.substring(0, semicolon)).trim();
            if (r.equalsIgnoreCase(type) || r.equals("*/*")
                    || (r.endsWith("/*") && r.regionMatches(true, 0, type, 0, slash + 1) && r.length() == slash + 2)) {
                return true;
            }
        }
        return false;
    }
}
