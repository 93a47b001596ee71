package io.mcpfleet.mimic;

import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.ListRootsResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;

/**
 * One {@code tools/call} as a tool sees it: its arguments and, within a session, the way back to
 * the client. The client-facing methods work only for tools marked {@link MimicTool#usesSession()}.
 */
interface ToolCall {

    Arguments arguments();

    /** The MCP session the call came in; stateless calls all share one key. */
    String sessionKey();

    /** Sends {@code notifications/progress} for the request's progress token; without a token, nothing. */
    void progress(double progress, double total, String message);

    /** Sends {@code notifications/message}; the SDK drops it when below the session's logging level. */
    void log(LoggingLevel level, String message);

    CreateMessageResult sample(CreateMessageRequest request);

    ElicitResult elicit(ElicitFormRequest request);

    ListRootsResult roots();
}
