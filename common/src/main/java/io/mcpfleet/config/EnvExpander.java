package io.mcpfleet.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} from a given environment, as Docker Compose does;
 * {@code $$} is a literal {@code $}. Any other {@code $} is kept as written, so JSON Schema patterns
 * such as {@code "^[a-z]+$"} and shell snippets such as {@code echo $HOME} pass through unchanged.
 */
final class EnvExpander {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The expanded text, and what could not be expanded (empty when all went well). */
    record Result(String value, List<String> errors) {
    }

    private final Map<String, String> env;

    EnvExpander(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Result expand(String text) {
        if (text.indexOf('$') < 0) {
            return new Result(text, List.of());
        }
        StringBuilder out = new StringBuilder(text.length());
        List<String> errors = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '$' && next == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && next == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    errors.add("\"${\" is not closed with \"}\" (write $$ for a literal $)");
                    out.append(text, i, text.length());
                    break;
                }
                out.append(reference(text.substring(i + 2, close), errors));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Result(out.toString(), errors);
    }

    private String reference(String body, List<String> errors) {
        int dash = body.indexOf(":-");
        String name = dash < 0 ? body : body.substring(0, dash);
        if (!NAME.matcher(name).matches()) {
            errors.add("\"${" + body + "}\" is not a variable reference; write ${NAME} or ${NAME:-default}"
                    + " (write $$ for a literal $)");
            return "";
        }
        String value = env.get(name);
        if (dash >= 0) {
            // Compose semantics: ":-" also applies when the variable is set but empty.
            return value == null || value.isEmpty() ? body.substring(dash + 2) : value;
        }
        if (value == null) {
            errors.add("environment variable " + name + " is not set (give a default with ${" + name + ":-value})");
            return "";
        }
        return value;
    }
}
