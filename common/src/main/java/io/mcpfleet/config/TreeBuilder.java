package io.mcpfleet.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Walks snakeyaml's node graph into {@link YNode}s: expands variables in every scalar value, applies
 * merge keys ({@code <<: *common}), reports duplicate keys with both positions, and refuses recursive
 * aliases, custom tags and non-scalar keys. Aliases are shared nodes in the graph, so a budget of
 * nodes built stops an alias bomb that stays under snakeyaml's alias count.
 */
final class TreeBuilder {

    static final int MAX_NODES = 100_000;

    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private final Problems problems;
    private final EnvExpander env;
    private final Set<Node> ancestors = Collections.newSetFromMap(new IdentityHashMap<>());
    private int built;
    private boolean budgetReported;

    TreeBuilder(Problems problems, EnvExpander env) {
        this.problems = problems;
        this.env = env;
    }

    YNode build(Node node, String path) {
        Position position = Position.of(node.getStartMark());
        if (++built > MAX_NODES) {
            if (!budgetReported) {
                budgetReported = true;
                problems.add(position, path, "the file expands to more than " + MAX_NODES
                        + " values (aliases of aliases?); services.yml refuses it to guard against alias bombs");
            }
            return nothing(position, path);
        }
        if (!ancestors.add(node)) {
            problems.add(position, path, "an alias refers to a list or mapping that contains it (a recursive anchor)");
            return nothing(position, path);
        }
        try {
            if (node instanceof ScalarNode scalar) {
                return scalar(scalar, position, path);
            }
            if (node instanceof SequenceNode sequence) {
                return sequence(sequence, position, path);
            }
            return mapping((MappingNode) node, position, path);
        } finally {
            ancestors.remove(node);
        }
    }

    private YNode scalar(ScalarNode node, Position position, String path) {
        if (!SCALAR_TAGS.contains(node.getTag())) {
            problems.add(position, path, "YAML tags such as " + node.getTag() + " are not supported");
            return nothing(position, path);
        }
        boolean plain = node.isPlain();
        String text = node.getValue();
        if ((plain && NULL.matcher(text).matches()) || node.getTag().equals(Tag.NULL)) {
            return nothing(position, path);
        }
        EnvExpander.Result expanded = env.expand(text);
        if (!expanded.errors().isEmpty()) {
            problems.add(position, path, String.join("; ", expanded.errors()));
        }
        return new YNode.Scalar(expanded.value(), plain, false, position, path);
    }

    private YNode sequence(SequenceNode node, Position position, String path) {
        if (!node.getTag().equals(Tag.SEQ)) {
            problems.add(position, path, "YAML tags such as " + node.getTag() + " are not supported");
        }
        List<YNode> items = new ArrayList<>();
        List<Node> values = node.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(build(values.get(i), path + '[' + i + ']'));
        }
        return new YNode.Sequence(items, position, path);
    }

    private YNode mapping(MappingNode node, Position position, String path) {
        if (!node.getTag().equals(Tag.MAP)) {
            problems.add(position, path, "YAML tags such as " + node.getTag() + " are not supported");
        }
        Map<String, YNode.Entry> explicit = new LinkedHashMap<>();
        Map<String, YNode.Entry> merged = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            Position keyPosition = Position.of(keyNode.getStartMark());
            if (!(keyNode instanceof ScalarNode key)) {
                problems.add(keyPosition, path, "keys must be plain words, not " + (keyNode instanceof MappingNode ? "mappings" : "lists"));
                continue;
            }
            if (key.getTag().equals(Tag.MERGE)) {
                merge(tuple.getValueNode(), path, merged);
                continue;
            }
            String name = key.getValue();
            YNode.Entry earlier = explicit.get(name);
            if (earlier != null) {
                problems.add(keyPosition, YNode.child(path, name),
                        "duplicate key (first defined at line " + earlier.keyPosition().line() + ")");
                continue;
            }
            explicit.put(name, new YNode.Entry(name, keyPosition, build(tuple.getValueNode(), YNode.child(path, name))));
        }
        // YAML merge keys: keys written in the mapping win over merged ones.
        Map<String, YNode.Entry> entries = new LinkedHashMap<>(merged);
        entries.putAll(explicit);
        return new YNode.Mapping(entries, position, path);
    }

    /** {@code <<: *a} or {@code <<: [*a, *b]}; the first mapping to name a key wins, as the merge-key spec says. */
    private void merge(Node value, String path, Map<String, YNode.Entry> into) {
        List<Node> sources = value instanceof SequenceNode list ? list.getValue() : List.of(value);
        for (Node source : sources) {
            YNode built = build(source, path);
            if (built instanceof YNode.Mapping mapping) {
                mapping.entries().forEach(into::putIfAbsent);
            } else {
                problems.add(built.position(), path + ".<<", "a merge key (<<) takes a mapping or a list of mappings, not " + built.describe());
            }
        }
    }

    private static YNode nothing(Position position, String path) {
        return new YNode.Scalar("", true, true, position, path);
    }
}
