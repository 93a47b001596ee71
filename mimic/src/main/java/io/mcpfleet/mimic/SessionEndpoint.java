package io.mcpfleet.mimic;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import jakarta.servlet.http.HttpServlet;

/** Streamable HTTP with sessions ({@code Mcp-Session-Id}): the SDK's default server shape. */
final class SessionEndpoint extends McpEndpoint {

    private final HttpServletStreamableServerTransportProvider transport;
    private final McpSyncServer server;

    SessionEndpoint(MimicOptions options, CallCounter counter) {
        super(counter);
        Primitives primitives = new Primitives(options.id());
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(options.mcpPath())
                // The SDK's idle-session sweeper (every 30 min) runs on a non-daemon thread that
                // closing never ends: each stopped in-process mimic would leak one, and keep the JVM up.
                .sessionSweepInterval(null)
                .build();
        this.server = McpServer.sync(transport)
                .serverInfo(SERVER_INFO)
                .capabilities(ServerCapabilities.builder().tools(true).logging().prompts(true).resources(true, true)
                        .completions().build())
                // Run tools on the request thread (Tomcat's pool of 200) rather than Reactor's bounded
                // elastic pool (10 per core): otherwise the 21st concurrent slow or hang call on a
                // 2-core machine would queue inside the mimic, which no real server does.
                .immediateExecution(true)
                .prompts(primitives.prompts())
                .resources(primitives.resources())
                .resourceTemplates(primitives.templates())
                .completions(primitives.completions())
                .build();
        primitives.announceUpdatesTo(uri -> server.notifyResourcesUpdated(new ResourcesUpdatedNotification(uri)));
    }

    @Override
    HttpServlet servlet() {
        return transport;
    }

    @Override
    void register(MimicTool tool) {
        server.addTool(new SyncToolSpecification(tool.definition(),
                (exchange, request) -> tool.call(new SessionToolCall(exchange, request))));
    }

    @Override
    public void notifyToolsChanged() {
        server.notifyToolsListChanged();
    }

    @Override
    void close() {
        server.close();
    }
}
