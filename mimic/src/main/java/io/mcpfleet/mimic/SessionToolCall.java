package io.mcpfleet.mimic;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.ListRootsResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;

/** A call within an MCP session: what the tool sends goes to the client through the SDK's exchange. */
final class SessionToolCall implements ToolCall {

    private static final String LOGGER_NAME = "mimic";

    private final McpSyncServerExchange exchange;
    private final CallToolRequest request;
    private final Arguments arguments;

    SessionToolCall(McpSyncServerExchange exchange, CallToolRequest request) {
        this.exchange = exchange;
        this.request = request;
        this.arguments = new Arguments(request.arguments());
    }

    @Override
    public Arguments arguments() {
        return arguments;
    }

    @Override
    public String sessionKey() {
        return exchange.sessionId();
    }

    @Override
    public void progress(double progress, double total, String message) {
        Object token = request.progressToken();
        if (token != null) {
            exchange.progressNotification(
                    ProgressNotification.builder(token, progress).total(total).message(message).build());
        }
    }

    @Override
    public void log(LoggingLevel level, String message) {
        exchange.loggingNotification(new LoggingMessageNotification(level, LOGGER_NAME, message));
    }

    @Override
    public CreateMessageResult sample(CreateMessageRequest sampling) {
        return exchange.createMessage(sampling);
    }

    @Override
    public ElicitResult elicit(ElicitFormRequest elicitation) {
        return exchange.createElicitation(elicitation);
    }

    @Override
    public ListRootsResult roots() {
        return exchange.listRoots();
    }
}
