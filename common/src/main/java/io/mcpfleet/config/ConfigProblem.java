package io.mcpfleet.config;

/**
 * One thing wrong with a {@code services.yml}, with where it is.
 *
 * @param source  the file as the operator named it (e.g. {@code config/services.yml})
 * @param line    1-based line, or 0 when the problem concerns the file as a whole (missing, too large)
 * @param column  1-based column, or 0 with {@code line} 0
 * @param key     the dotted path of the offending key (e.g. {@code services.foo.resources.memory}), or
 *                empty when the problem has no key (a YAML syntax error)
 * @param message what is wrong, and where it helps, how to fix it
 */
public record ConfigProblem(String source, int line, int column, String key, String message) {

    public ConfigProblem {
        source = source == null ? "" : source;
        key = key == null ? "" : key;
    }

    /** {@code config/services.yml:12:7: services.foo.resources.memory: "12XB" is not a size ...}. */
    public String render() {
        StringBuilder out = new StringBuilder(source);
        if (line > 0) {
            out.append(':').append(line).append(':').append(column);
        }
        out.append(": ");
        if (!key.isEmpty()) {
            out.append(key).append(": ");
        }
        return out.append(message).toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
