package io.mcpfleet.mimic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers {@code tools/call} with {@code application/json} instead of the SDK's SSE stream, for
 * tools that send nothing before their result, like servers built with the TypeScript SDK's
 * {@code enableJsonResponse}. The SDK's streamable transport answers every request with SSE, so
 * this sits in front of it; everything else (initialize, tools/list, streaming tools, unknown
 * sessions) passes through to the SDK unchanged.
 *
 * <p>It learns session ids from the SDK's {@code initialize} answers and forgets them on DELETE.
 * Sessions end no other way: the SDK's idle-session sweeper is off (see SessionEndpoint); were it on,
 * this filter would keep answering for sessions the SDK had dropped. Arguments skip the SDK's JSON
 * schema check here; the tools' own checks still answer -32602.
 */
final class JsonAnswerFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final TypeRef<CallToolRequest> CALL_TOOL = new TypeRef<>() {
    };

    private final transient McpEndpoint endpoint;
    private final transient McpJsonMapper json = McpJsonDefaults.getMapper();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    JsonAnswerFilter(McpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String session = request.getHeader(HttpHeaders.MCP_SESSION_ID);
        if ("DELETE".equals(request.getMethod())) {
            chain.doFilter(request, response);
            if (session != null && response.getStatus() < 300) {
                sessions.remove(session);
            }
            return;
        }
        if (!"POST".equals(request.getMethod()) || session == null || !sessions.contains(session)
                || !acceptsJsonAndSse(request)) {
            chain.doFilter(request, response);
            learnSession(response);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        JSONRPCRequest call = toolCall(body);
        MimicTool tool = call == null ? null : endpoint.tool(toolName(call));
        if (tool == null || tool.usesSession()) {
            chain.doFilter(new CachedBodyRequest(request, body), response);
            return;
        }
        answer(response, call, tool, session);
    }

    private void answer(HttpServletResponse response, JSONRPCRequest call, MimicTool tool, String session)
            throws IOException {
        CallToolRequest params = json.convertValue(call.params(), CALL_TOOL);
        JSONRPCResponse answer;
        try {
            CallToolResult result = tool.call(new PlainToolCall(params, session));
            answer = new JSONRPCResponse(McpSchema.JSONRPC_VERSION, call.id(), result, null);
        } catch (McpError e) {
            answer = new JSONRPCResponse(McpSchema.JSONRPC_VERSION, call.id(), null, e.getJsonRpcError());
        } catch (RuntimeException e) {
            answer = new JSONRPCResponse(McpSchema.JSONRPC_VERSION, call.id(), null,
                    new JSONRPCError(ErrorCodes.INTERNAL_ERROR, e.getMessage()));
        }
        byte[] bytes = json.writeValueAsBytes(answer);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The SDK answers initialize with the new session's id in a header: that is how sessions are learned. */
    private void learnSession(HttpServletResponse response) {
        String created = response.getHeader(HttpHeaders.MCP_SESSION_ID);
        if (created != null) {
            sessions.add(created);
        }
    }

    private JSONRPCRequest toolCall(byte[] body) {
        try {
            McpSchema.JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(json,
                    new String(body, StandardCharsets.UTF_8));
            return message instanceof JSONRPCRequest request && McpSchema.METHOD_TOOLS_CALL.equals(request.method())
                    ? request : null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // let the SDK answer malformed input the way it does
        }
    }

    private static String toolName(JSONRPCRequest call) {
        return call.params() instanceof Map<?, ?> params && params.get("name") instanceof String name ? name : "";
    }

    /** The spec's rule for POST: a client must accept both; the SDK answers 400 otherwise, so we let it. */
    private static boolean acceptsJsonAndSse(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json") && accept.contains("text/event-stream");
    }
}
