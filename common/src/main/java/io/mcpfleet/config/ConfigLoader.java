package io.mcpfleet.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and validates {@code services.yml}. Every problem of the file is collected, each with its
 * line, column and key, and thrown together as one {@link ConfigException}; a file that loads is
 * complete: defaults merged, {@code ${VAR}} expanded, sizes and durations parsed, records built.
 *
 * <pre>{@code
 * FleetConfig fleet = ConfigLoader.load(Path.of("config/services.yml"));
 * }</pre>
 */
public final class ConfigLoader {

    /** The largest file accepted, in bytes (and characters for {@link #parse}). */
    public static final int MAX_FILE_SIZE = YamlComposer.MAX_CHARS;

    private ConfigLoader() {
    }

    /** Loads a file, expanding variables from the process environment. */
    public static FleetConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** Loads a file, expanding variables from {@code env} (tests, or a manager that filters its environment). */
    public static FleetConfig load(Path file, Map<String, String> env) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        String text = read(file, new Problems(source));
        return parse(text, source, env, file);
    }

    /**
     * Parses YAML text.
     *
     * @param sourceName how problems name the file, e.g. {@code config/services.yml}
     * @param env        the variables {@code ${VAR}} may use
     * @return the config, with {@link FleetConfig#source()} {@code null}
     * @throws ConfigException listing every problem of the text
     */
    public static FleetConfig parse(String yaml, String sourceName, Map<String, String> env) {
        return parse(yaml, sourceName, env, null);
    }

    private static FleetConfig parse(String yaml, String sourceName, Map<String, String> env, Path file) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(env, "env");
        Problems problems = new Problems(sourceName);
        Values values = new Values(problems);
        TreeBuilder trees = new TreeBuilder(problems, new EnvExpander(env));
        Map<String, ServiceSpec> services = YamlComposer.compose(stripByteOrderMark(yaml), problems)
                .map(root -> FleetReader.read(trees.build(root, ""), values))
                .orElse(Map.of());
        problems.throwIfAny();
        return new FleetConfig(file, services);
    }

    /** The file's text; a file that cannot be read ends here with a ConfigException. */
    private static String read(Path file, Problems problems) {
        try {
            if (Files.isDirectory(file)) {
                problems.add(Position.FILE, "", "is a directory, not a services.yml file");
            } else if (Files.size(file) > MAX_FILE_SIZE) {
                problems.add(Position.FILE, "", "the file is larger than " + MAX_FILE_SIZE / (1024 * 1024)
                        + " MB (" + Files.size(file) + " bytes); split the fleet or remove what it does not need");
            } else {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString();
            }
        } catch (NoSuchFileException e) {
            problems.add(Position.FILE, "", "file not found (looked for " + file.toAbsolutePath().normalize() + ")");
        } catch (AccessDeniedException e) {
            problems.add(Position.FILE, "", "cannot read the file: permission denied");
        } catch (CharacterCodingException e) {
            problems.add(Position.FILE, "", "the file is not UTF-8 text");
        } catch (IOException e) {
            problems.add(Position.FILE, "", "cannot read the file: " + e);
        }
        problems.throwIfAny();
        throw new IllegalStateException("unreachable: a read failure records a problem");
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
