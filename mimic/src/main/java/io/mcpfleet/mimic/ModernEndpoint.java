package io.mcpfleet.mimic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpChangeFeed;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.http.HttpServlet;

/**
 * MCP 2026-07-28 only, on the Java SDK's modern server: no {@code initialize}, no sessions, every
 * request stands alone (so, as in stateless mode, only tools that send nothing before their result
 * are offered), and {@link ModernResources}; {@code subscriptions/listen} carries {@code toolsListChanged}
 * and the notes' updates. The mimic's tools are written against the 2025 schema; their definitions and
 * results cross to the modern schema as JSON, which the two share for tools.
 */
final class ModernEndpoint extends McpEndpoint {

    static final String ASK = "ask";
    static final String LOG_META = "log_meta";

    private final McpJsonMapper json = McpJsonDefaults.getMapper();
    private final Map<String, McpSyncTool> tools = new ConcurrentHashMap<>();
    /** What {@code subscriptions/listen} streams hear: the tool list changed. */
    private final McpChangeFeed changes = new McpChangeFeed();
    private final McpServer server;
    private final HttpServletMcpTransport transport;

    ModernEndpoint(MimicOptions options, CallCounter counter) {
        super(counter);
        McpSyncToolRepository repository = new McpSyncToolRepository() {
            @Override
            public ToolsPage list(io.modelcontextprotocol.modern.server.McpRequestContext context, String cursor) {
                return ToolsPage.of(tools.values().stream().map(McpSyncTool::definition)
                        .sorted(java.util.Comparator.comparing(McpSchema.Tool::name)).toList());
            }

            @Override
            public McpSyncTool find(io.modelcontextprotocol.modern.server.McpRequestContext context, String name) {
                return tools.get(name);
            }
        };
        this.server = McpServer.builder()
                .serverInfo(McpSchema.Implementation.builder(SERVER_INFO.name(), SERVER_INFO.version()).build())
                .feature(ToolsFeature.ofSync(repository))
                .feature(io.modelcontextprotocol.modern.server.feature.ResourcesFeature.ofSync(
                        new ModernResources(options.id(), changes)))
                .subscriptions(changes)
                .build();
        this.transport = HttpServletMcpTransport.builder(server).endpoint(options.mcpPath()).build();
        tools.put(ASK, ask(options.id()));
        tools.put(LOG_META, logMeta());
    }

    /**
     * {@code ask}, of this mode only: a multi-round-trip call. The first round answers
     * {@code input_required} (an elicitation) with a requestState naming this instance; the retry
     * with the answer is served only by that instance (another says whose state it is).
     */
    private McpSyncTool ask(String id) {
        Map<String, Object> schema = Map.of("type", "object", "properties",
                Map.of("question", Map.of("type", "string")));
        McpSchema.Tool definition = McpSchema.Tool.builder(ASK, schema)
                .description("Asks the client (input_required, elicitation) and returns the answer with this "
                        + "instance's id; the retry must come back to the instance that asked.").build();
        return McpSyncTool.of(definition, (context, request) -> {
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            String question = String.valueOf(arguments.getOrDefault("question", "?"));
            if (request.inputResponses() == null || request.inputResponses().isEmpty()) {
                Map<String, Object> answerSchema = Map.of("type", "object", "properties",
                        Map.of("answer", Map.of("type", "string")));
                return McpSyncResponse.<McpSchema.CallToolOutcome>result(McpSchema.InputRequiredResult.builder()
                        .elicit("answer", McpSchema.ElicitFormRequest.builder(question, answerSchema).build())
                        .requestState(id + ":" + question).build());
            }
            String state = request.requestState();
            if (state == null || !state.startsWith(id + ":")) {
                return McpSyncResponse.<McpSchema.CallToolOutcome>result(McpSchema.CallToolResult.builder()
                        .addContent(McpSchema.TextContent.builder("requestState " + state
                                + " was not issued by instance " + id).build()).isError(true).build());
            }
            Object answer = request.inputResponses().get("answer");
            return McpSyncResponse.<McpSchema.CallToolOutcome>result(McpSchema.CallToolResult.builder()
                    .addContent(McpSchema.TextContent.builder(id + " heard " + json(answer)).build()).build());
        });
    }

    /**
     * {@code log_meta}, of this mode only: a request carrying {@code io.modelcontextprotocol/logLevel}
     * in its {@code _meta} gets a {@code notifications/message} at that level on its stream; the
     * result names the level the server saw ("none" without one).
     */
    private McpSyncTool logMeta() {
        McpSchema.Tool definition = McpSchema.Tool.builder(LOG_META, Map.of("type", "object"))
                .description("Sends a notifications/message at the request's io.modelcontextprotocol/logLevel "
                        + "(if any) and returns the level it saw.").build();
        return McpSyncTool.of(definition, (context, request) -> {
            Object level = context.meta() == null ? null : context.meta().get("io.modelcontextprotocol/logLevel");
            McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                    .addContent(McpSchema.TextContent.builder("level " + (level == null ? "none" : level)).build())
                    .build();
            if (level == null) {
                return McpSyncResponse.<McpSchema.CallToolOutcome>result(result);
            }
            return McpSyncResponse.<McpSchema.CallToolOutcome>streaming(notifier -> {
                notifier.notify("notifications/message", Map.of("level", level, "logger", "mimic",
                        "data", "logged at " + level));
                return result;
            });
        });
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }

    @Override
    HttpServlet servlet() {
        return transport;
    }

    @Override
    void register(MimicTool tool) {
        McpSchema.Tool definition = convert(tool.definition(), McpSchema.Tool.class);
        tools.put(tool.name(), McpSyncTool.of(definition, (context, request) -> {
            CallToolRequest legacy = new CallToolRequest(request.name(),
                    request.arguments() == null ? Map.of() : request.arguments());
            CallToolResult result = tool.call(new PlainToolCall(legacy, PlainToolCall.STATELESS));
            return McpSyncResponse.result(convert(result, McpSchema.CallToolResult.class));
        }));
        notifyToolsChanged();
    }

    @Override
    public void notifyToolsChanged() {
        changes.broadcast(new ServerChange.ToolsListChanged());
    }

    @Override
    void close() {
        transport.closeGracefully();
        server.closeGracefully();
    }

    private <T> T convert(Object legacy, Class<T> type) {
        try {
            return json.readValue(json.writeValueAsString(legacy), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot carry " + legacy.getClass().getSimpleName() + " to 2026-07-28", e);
        }
    }

}
