package io.mcpfleet.router.mcp;

/**
 * Text a client chose (a tool name), made safe to log and to echo: control characters escaped,
 * so that a name with a line break cannot forge a log line, and long names clipped, so that a
 * 100 KB name costs the log a line, not 100 KB.
 */
final class ClientText {

    static final int MAX_LENGTH = 128;

    private ClientText() {
    }

    static String safe(String text) {
        if (text == null) {
            return null;
        }
        int end = Math.min(text.length(), MAX_LENGTH);
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > end) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
