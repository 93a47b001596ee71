package io.mcpfleet.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the problems of one file. Only the first problem of a key at one position is kept: the same
 * default seen by every service is one problem, and a value already found wrong does not cascade into
 * "must not be empty" after its variable failed to expand.
 */
final class Problems {

    private record Place(int line, int column, String key) {
    }

    private final String source;
    private final Map<Place, ConfigProblem> found = new LinkedHashMap<>();

    Problems(String source) {
        this.source = source;
    }

    void add(Position at, String key, String message) {
        found.putIfAbsent(new Place(at.line(), at.column(), key), new ConfigProblem(source, at.line(), at.column(), key, message));
    }

    void add(YNode node, String message) {
        add(node.position(), node.path(), message);
    }

    int count() {
        return found.size();
    }

    /** Sorted by position, so the list reads top to bottom like the file. */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> list = new ArrayList<>(found.values());
        list.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return list;
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ConfigException(sorted());
        }
    }
}
