package io.mcpfleet.router.mcp;

/** Reads an {@code Accept} header: does it allow a media type? (No header allows everything.) */
final class Accept {

    private Accept() {
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
