package io.mcpfleet.mimic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

/** Builds a tool definition: an object input schema of named properties, annotations, output schema. */
final class Definition {

    private final String name;
    private final String description;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();
    private ToolAnnotations annotations;
    private Map<String, Object> outputSchema;

    private Definition(String name, String description) {
        this.name = name;
        this.description = description;
    }

    static Definition tool(String name, String description) {
        return new Definition(name, description);
    }

    /** Read-only and idempotent: a router may retry it on another instance. */
    static ToolAnnotations readOnly() {
        return ToolAnnotations.builder().readOnlyHint(true).idempotentHint(true).destructiveHint(false)
                .openWorldHint(false).build();
    }

    /** Changes state and must not be replayed: a router may not retry it. */
    static ToolAnnotations mutating(boolean destructive) {
        return ToolAnnotations.builder().readOnlyHint(false).idempotentHint(false).destructiveHint(destructive)
                .openWorldHint(false).build();
    }

    Definition requiredText(String property, String what) {
        required.add(property);
        return text(property, what);
    }

    Definition text(String property, String what) {
        properties.put(property, Map.of("type", "string", "description", what));
        return this;
    }

    Definition number(String property, String what, long minimum, long maximum) {
        properties.put(property, Map.of("type", "integer", "description", what, "minimum", minimum,
                "maximum", maximum));
        return this;
    }

    Definition enumeration(String property, String what, List<String> values) {
        properties.put(property, Map.of("type", "string", "description", what, "enum", values));
        return this;
    }

    Definition annotations(ToolAnnotations hints) {
        this.annotations = hints;
        return this;
    }

    /** Declares structured content: an object of string properties, all present. */
    Definition outputStrings(String... names) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String property : names) {
            props.put(property, Map.of("type", "string"));
        }
        this.outputSchema = Map.of("type", "object", "properties", props, "required", List.of(names));
        return this;
    }

    Tool build() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("type", "object");
        input.put("properties", properties);
        if (!required.isEmpty()) {
            input.put("required", required);
        }
        Tool.Builder tool = Tool.builder(name, input).description(description);
        if (annotations != null) {
            tool.annotations(annotations);
        }
        if (outputSchema != null) {
            tool.outputSchema(outputSchema);
        }
        return tool.build();
    }
}
