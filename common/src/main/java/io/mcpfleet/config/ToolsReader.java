package io.mcpfleet.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code tools:} list: MCP tool declarations the router lists before the server has ever run.
 * Schemas and annotations pass through as JSON; both MCP's camelCase and snake_case spellings of the
 * schema keys are accepted.
 */
final class ToolsReader {

    static final List<String> KEYS = List.of("name", "title", "description", "inputSchema", "input_schema",
            "outputSchema", "output_schema", "annotations");
    /** The MCP specification's advice for tool names (2025-11-25). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private ToolsReader() {
    }

    static List<ToolSpec> tools(Section service) {
        Optional<YNode> node = service.node("tools");
        if (node.isEmpty()) {
            return List.of();
        }
        Values values = service.values();
        if (!(node.get() instanceof YNode.Sequence list)) {
            values.problems().add(node.get(), "expected a list of tools (each with at least a name), got " + node.get().describe());
            return List.of();
        }
        List<ToolSpec> tools = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YNode item : list.items()) {
            values.mapping(item).map(m -> new Section(m, m.position(), values, KEYS))
                    .flatMap(tool -> tool(tool, seen))
                    .ifPresent(tools::add);
        }
        return tools;
    }

    private static Optional<ToolSpec> tool(Section s, Map<String, Integer> seen) {
        if (!s.has("name")) {
            s.problem("name", "is required: the tool's name as the server reports it");
        }
        Optional<String> name = s.string("name").filter(n -> {
            if (!NAME.matcher(n).matches()) {
                s.problem("name", s.describe("name") + " is not a valid tool name (1-128 of A-Z a-z 0-9 _ - .)");
                return false;
            }
            Integer first = seen.putIfAbsent(n, s.node("name").orElseThrow().position().line());
            if (first != null) {
                s.problem("name", "tool \"" + n + "\" is declared twice (first at line " + first + ")");
                return false;
            }
            return true;
        });
        String title = s.string("title").orElse(null);
        String description = s.string("description").orElse(null);
        Map<String, Object> input = schema(s, "inputSchema", "input_schema");
        Map<String, Object> output = schema(s, "outputSchema", "output_schema");
        Map<String, Object> annotations = s.node("annotations").flatMap(s.values()::mapping)
                .map(JsonValues::object).orElse(Map.of());
        return name.map(n -> s.build(() -> new ToolSpec(n, title, description, input, output, annotations), null));
    }

    private static Map<String, Object> schema(Section s, String camel, String snake) {
        if (s.has(camel) && s.has(snake)) {
            s.problem(snake, "set either " + camel + " or " + snake + ", not both");
            return Map.of();
        }
        String key = s.has(snake) ? snake : camel;
        Optional<YNode> node = s.node(key);
        if (node.isEmpty()) {
            return Map.of();
        }
        Optional<YNode.Mapping> mapping = s.values().mapping(node.get());
        if (mapping.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> schema = JsonValues.object(mapping.get());
        if (!schema.isEmpty() && !"object".equals(schema.get("type"))) {
            s.problem(key, "must declare type: object (MCP tool arguments and structured results are JSON objects)");
        }
        return schema;
    }
}
