package io.mcpfleet.mimic;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import jakarta.servlet.http.HttpServlet;

/**
 * Streamable HTTP without sessions: every POST stands alone and is answered with JSON, so nothing
 * can reach the client before the result (no progress, logging or client requests).
 */
final class StatelessEndpoint extends McpEndpoint {

    private final HttpServletStatelessServerTransport transport;
    private final McpStatelessSyncServer server;

    StatelessEndpoint(MimicOptions options, CallCounter counter) {
        super(counter);
        this.transport = HttpServletStatelessServerTransport.builder()
                .messageEndpoint(options.mcpPath())
                .build();
        this.server = McpServer.sync(transport)
                .serverInfo(SERVER_INFO)
                .capabilities(ServerCapabilities.builder().tools(true).build())
                // As in SessionEndpoint: tools run on Tomcat's threads, not Reactor's small pool.
                .immediateExecution(true)
                .build();
    }

    @Override
    HttpServlet servlet() {
        return transport;
    }

    @Override
    void register(MimicTool tool) {
        server.addTool(new McpStatelessServerFeatures.SyncToolSpecification(tool.definition(),
                (context, request) -> tool.call(new PlainToolCall(request, PlainToolCall.STATELESS))));
    }

    @Override
    public void notifyToolsChanged() {
        // No session, no stream to tell: clients see the change on their next tools/list.
    }

    @Override
    void close() {
        server.close();
    }
}
