package io.mcpfleet.mimic;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** Tool results in the shapes the mimic answers. */
final class Results {

    private Results() {
    }

    static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).isError(false).build();
    }

    /** Text for older clients and structured content for newer ones, as the spec recommends. */
    static CallToolResult structured(String text, Object structured) {
        return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(false).build();
    }

    /** A tool-level failure: a normal answer with isError=true, not a JSON-RPC error. */
    static CallToolResult failure(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
