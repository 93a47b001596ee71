package io.mcpfleet.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds where a key of a loaded {@code services.yml} was written, for problems found after loading
 * (a setting the chosen runtime cannot honour): {@code services.foo.sleep_policy.mode} is looked up
 * in the service and then, for what the service inherits, under {@code defaults:}.
 */
public final class ConfigLocator {

    private static final String SERVICES = "services.";

    private ConfigLocator() {
    }

    /**
     * A problem at {@code key} of {@code config}'s file: at the line and column of the value that set
     * it, or at the file as a whole when the key is not written (a built-in default) or the config
     * was parsed from text.
     */
    public static ConfigProblem problem(FleetConfig config, String key, String message) {
        Objects.requireNonNull(key, "key");
        Path file = config.source();
        if (file == null) {
            return new ConfigProblem("services.yml", 0, 0, key, message);
        }
        Problems ignored = new Problems(file.toString());
        Position at = YamlComposer.compose(readQuietly(file), ignored)
                .map(root -> new TreeBuilder(ignored, new EnvExpander(System.getenv())).build(root, ""))
                .flatMap(tree -> find(tree, key).or(() -> find(tree, inherited(key))))
                .orElse(Position.FILE);
        return new ConfigProblem(file.toString(), at.line(), at.column(), key, message);
    }

    /** {@code services.foo.a.b} comes from {@code defaults.a.b} when the service does not set it. */
    private static String inherited(String key) {
        if (!key.startsWith(SERVICES)) {
            return key;
        }
        int dot = key.indexOf('.', SERVICES.length());
        return dot < 0 ? key : "defaults" + key.substring(dot);
    }

    private static Optional<Position> find(YNode tree, String key) {
        YNode node = tree;
        for (String part : key.split("\\.")) {
            if (!(node instanceof YNode.Mapping mapping)) {
                return Optional.empty();
            }
            Map<String, YNode.Entry> entries = mapping.entries();
            YNode.Entry entry = entries.get(part);
            if (entry == null) {
                return Optional.empty();
            }
            node = entry.value();
        }
        return Optional.of(node.position());
    }

    private static String readQuietly(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException | RuntimeException e) {
            // It was read a moment ago; if it is gone now, the problem is reported at the file.
            return "";
        }
    }
}
