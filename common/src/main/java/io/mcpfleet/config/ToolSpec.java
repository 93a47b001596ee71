package io.mcpfleet.config;

import java.util.Map;
import java.util.Objects;

/**
 * A tool declared in {@code services.yml}, listed before the server has ever run. The fields
 * mirror MCP's {@code Tool}; the schemas and annotations are kept as plain JSON-like maps.
 *
 * @param name         the tool's name as the server knows it (without the service prefix)
 * @param title        a human-readable title, or {@code null}
 * @param description  what the tool does, or {@code null}
 * @param inputSchema  JSON Schema of the arguments (default {@code {"type":"object"}})
 * @param outputSchema JSON Schema of structured results, or empty
 * @param annotations  MCP tool annotations ({@code readOnlyHint}, {@code idempotentHint}, ...), or empty
 */
public record ToolSpec(String name, String title, String description, Map<String, Object> inputSchema,
                       Map<String, Object> outputSchema, Map<String, Object> annotations) {

    public static final Map<String, Object> EMPTY_OBJECT_SCHEMA = Map.of("type", "object");

    public ToolSpec {
        Objects.requireNonNull(name, "tools[].name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tools[].name must not be blank");
        }
        inputSchema = inputSchema == null || inputSchema.isEmpty() ? EMPTY_OBJECT_SCHEMA : Maps.copyOrdered(inputSchema);
        outputSchema = Maps.copyOrdered(outputSchema);
        annotations = Maps.copyOrdered(annotations);
    }
}
