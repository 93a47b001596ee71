package io.mcpfleet.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code services.yml} that cannot be used. Carries every problem found in the file, not only the
 * first; the message is their rendered list, one per line, so that it reads well as a start-up failure.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems in file order (file-wide ones first). */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::render).collect(Collectors.joining("\n"));
    }
}
