package io.mcpfleet.mimic;

import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.ListRootsResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;

/**
 * A call with no way back to the client before its result: stateless mode, and plain-JSON answers.
 * Tools that need one are never offered here, so reaching those methods is a mimic bug.
 */
final class PlainToolCall implements ToolCall {

    /** The one session key of a stateless mimic: its per-session state is per instance. */
    static final String STATELESS = "stateless";

    private final Arguments arguments;
    private final String sessionKey;

    PlainToolCall(CallToolRequest request, String sessionKey) {
        this.arguments = new Arguments(request.arguments());
        this.sessionKey = sessionKey;
    }

    @Override
    public Arguments arguments() {
        return arguments;
    }

    @Override
    public String sessionKey() {
        return sessionKey;
    }

    @Override
    public void progress(double progress, double total, String message) {
        throw noClientChannel();
    }

    @Override
    public void log(LoggingLevel level, String message) {
        throw noClientChannel();
    }

    @Override
    public CreateMessageResult sample(CreateMessageRequest request) {
        throw noClientChannel();
    }

    @Override
    public ElicitResult elicit(ElicitFormRequest request) {
        throw noClientChannel();
    }

    @Override
    public ListRootsResult roots() {
        throw noClientChannel();
    }

    private static IllegalStateException noClientChannel() {
        return new IllegalStateException("this call has no channel to the client (stateless or plain JSON)");
    }
}
