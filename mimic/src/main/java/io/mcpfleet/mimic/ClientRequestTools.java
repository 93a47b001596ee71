package io.mcpfleet.mimic;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

/**
 * Tools that ask the client something in the middle of a call (server-to-client requests):
 * sample, elicit, roots. They carry no annotations: replaying them would ask the user again.
 */
final class ClientRequestTools {

    static final int SAMPLE_MAX_TOKENS = 100;

    List<MimicTool> tools() {
        return List.of(
                new MimicTool(Definition.tool("sample",
                                "Sends sampling/createMessage with the prompt and returns the client's answer text.")
                        .requiredText("prompt", "the user message to sample")
                        .build(), true, this::sample),
                new MimicTool(Definition.tool("elicit",
                                "Sends elicitation/create (form mode, one string field 'answer') and returns "
                                        + "the client's action and content.")
                        .requiredText("message", "what to ask the user")
                        .build(), true, this::elicit),
                new MimicTool(Definition.tool("roots", "Asks the client for roots/list and returns the root URIs.")
                        .build(), true, this::roots));
    }

    private CallToolResult sample(ToolCall call) {
        String prompt = call.arguments().text("prompt", "");
        CreateMessageResult answer = call.sample(CreateMessageRequest.builder(
                List.of(new SamplingMessage(Role.USER, TextContent.builder(prompt).build())), SAMPLE_MAX_TOKENS)
                .build());
        String text = answer.content() instanceof TextContent t ? t.text() : String.valueOf(answer.content());
        return Results.text(text);
    }

    private CallToolResult elicit(ToolCall call) {
        Map<String, Object> schema = Map.of("type", "object",
                "properties", Map.of("answer", Map.of("type", "string")), "required", List.of("answer"));
        ElicitResult answer = call.elicit(ElicitFormRequest.builder(call.arguments().text("message", ""), schema)
                .build());
        Map<String, Object> content = answer.content() == null ? Map.of() : answer.content();
        String action = answer.action().name().toLowerCase(Locale.ROOT);
        return Results.structured(action + " " + content, Map.of("action", action, "content", content));
    }

    private CallToolResult roots(ToolCall call) {
        String uris = call.roots().roots().stream().map(r -> r.uri()).collect(Collectors.joining("\n"));
        return Results.text(uris);
    }
}
