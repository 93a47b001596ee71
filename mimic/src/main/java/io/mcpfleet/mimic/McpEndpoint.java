package io.mcpfleet.mimic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.spec.McpSchema.Implementation;
import jakarta.servlet.http.HttpServlet;

/** The MCP side of a mimic: an MCP SDK server, the servlet that carries it, and its tools by name. */
abstract class McpEndpoint implements ToolRegistry {

    static final Implementation SERVER_INFO = Implementation.builder("mcp-fleet-mimic", "1.0.0").build();

    private final CallCounter counter;
    private final Map<String, MimicTool> tools = new ConcurrentHashMap<>();

    McpEndpoint(CallCounter counter) {
        this.counter = counter;
    }

    static McpEndpoint create(MimicOptions options, CallCounter counter) {
        if (options.modern()) {
            return new ModernEndpoint(options, counter);
        }
        return options.stateless() ? new StatelessEndpoint(options, counter) : new SessionEndpoint(options, counter);
    }

    @Override
    public final void add(MimicTool tool) {
        MimicTool counted = tool.countedBy(counter);
        tools.put(tool.name(), counted);
        register(counted);
    }

    /** The tool of that name as offered (and counted), or null. */
    final MimicTool tool(String name) {
        return tools.get(name);
    }

    final List<String> toolNames() {
        return tools.keySet().stream().sorted().toList();
    }

    abstract HttpServlet servlet();

    /** Hands the tool to the SDK server. */
    abstract void register(MimicTool tool);

    /** Ends the sessions and the SDK server; the HTTP server is closed by its owner. */
    abstract void close();
}
