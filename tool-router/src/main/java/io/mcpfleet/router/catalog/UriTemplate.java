package io.mcpfleet.router.catalog;

import java.util.regex.Pattern;

/**
 * Decides whether a URI is one an RFC 6570 template describes, which is all routing needs (the
 * server itself extracts the values). Expressions match what their operator can expand to:
 * {@code {var}} one segment (no {@code / ? #}), {@code {+var}} and {@code {#var}} anything,
 * {@code {/var}} and {@code {.var}} a prefixed segment (or several, for a list), {@code {?a,b}} and
 * {@code {&a}} an optional query part. Literal text matches itself. Written here rather than taken
 * from a library: the one on hand (the MCP SDK's) only knows {@code {var}} and would bring the SDK
 * with Reactor into the router for forty lines.
 */
public final class UriTemplate {

    private final String template;
    private final Pattern pattern;

    private UriTemplate(String template, Pattern pattern) {
        this.template = template;
        this.pattern = pattern;
    }

    /**
     * @throws IllegalArgumentException when an expression is not closed
     */
    public static UriTemplate parse(String template) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            if (open > i) {
                regex.append(Pattern.quote(template.substring(i, open)));
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed expression at " + open + " in URI template " + template);
            }
            regex.append(expression(template.substring(open + 1, close)));
            i = close + 1;
        }
        return new UriTemplate(template, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    private static String expression(String body) {
        char op = body.isEmpty() ? ' ' : body.charAt(0);
        return switch (op) {
            case '+', '#' -> "(?:.*)";
            case '/' -> "(?:/[^/?#]*)*";
            case '.' -> "(?:\\.[^/?#.]*)*";
            case ';' -> "(?:;[^/?#]*)*";
            case '?', '&' -> "(?:[?&][^#]*)?";
            default -> "(?:[^/?#]*)";
        };
    }

    public boolean matches(String uri) {
        return uri != null && pattern.matcher(uri).matches();
    }

    public String template() {
        return template;
    }

    @Override
    public String toString() {
        return template;
    }
}
