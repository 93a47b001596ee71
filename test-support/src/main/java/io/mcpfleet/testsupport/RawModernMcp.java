package io.mcpfleet.testsupport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * MCP 2026-07-28 by hand: no session, every request carries its version and capabilities in
 * {@code _meta} and mirrors method and name in the {@code MCP-Protocol-Version}, {@code Mcp-Method}
 * and {@code Mcp-Name} headers. Tests break one of these on purpose with {@link RawMcp#post}.
 *
 * <pre>{@code
 * RawModernMcp modern = RawModernMcp.to(RawMcp.to(mcpUrl));
 * RawResponse echoed = modern.call("svc__echo", "{\"text\":\"hi\"}");
 * }</pre>
 */
public final class RawModernMcp {

    public static final String PROTOCOL = "2026-07-28";
    /** The per-request {@code _meta} of a client called "e2e-modern" that declares no capabilities. */
    public static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"" + PROTOCOL + "\","
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"e2e-modern\",\"version\":\"1\"},"
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final RawMcp raw;
    private final String meta;
    private final AtomicLong nextId = new AtomicLong(1);

    private RawModernMcp(RawMcp raw, String meta) {
        this.raw = raw;
        this.meta = meta;
    }

    public static RawModernMcp to(RawMcp raw) {
        return new RawModernMcp(raw, META);
    }

    /** The same client declaring {@code capabilitiesJson} (e.g. {@code {"elicitation":{"form":{}}}}). */
    public RawModernMcp withCapabilities(String capabilitiesJson) {
        return new RawModernMcp(raw, META.replace("\"io.modelcontextprotocol/clientCapabilities\":{}",
                "\"io.modelcontextprotocol/clientCapabilities\":" + capabilitiesJson));
    }

    /** {@code tools/call} of {@code tool} with {@code argumentsJson}, headers as the binding wants them. */
    public RawResponse call(String tool, String argumentsJson) {
        return request("tools/call", "\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson, tool);
    }

    /** {@code tools/call} asking for progress notifications under {@code progressToken}. */
    public RawResponse callWithProgress(String tool, String argumentsJson, String progressToken) {
        String body = body(nextId.getAndIncrement(), "tools/call", "\"name\":\"" + tool + "\",\"arguments\":"
                + argumentsJson, "\"progressToken\":\"" + progressToken + "\"", meta);
        return raw.post(body, "MCP-Protocol-Version", PROTOCOL, "Mcp-Method", "tools/call", "Mcp-Name", tool);
    }

    /**
     * A request with the next id: {@code paramsMembers} are the members of {@code params} besides
     * {@code _meta} (may be empty); {@code name} is the {@code Mcp-Name} header, or {@code null}.
     */
    public RawResponse request(String method, String paramsMembers, String name) {
        String body = body(nextId.getAndIncrement(), method, paramsMembers, "", meta);
        return name == null ? raw.post(body, "MCP-Protocol-Version", PROTOCOL, "Mcp-Method", method)
                : raw.post(body, "MCP-Protocol-Version", PROTOCOL, "Mcp-Method", method, "Mcp-Name", name);
    }

    /** The body of a request with the standard {@code _meta} ({@code paramsMembers} may be empty). */
    public static String body(long id, String method, String paramsMembers) {
        return body(id, method, paramsMembers, "");
    }

    /** The same with more members in {@code _meta} ({@code metaMembers}, may be empty). */
    public static String body(long id, String method, String paramsMembers, String metaMembers) {
        return body(id, method, paramsMembers, metaMembers, META);
    }

    private static String body(long id, String method, String paramsMembers, String metaMembers, String base) {
        String meta = metaMembers.isEmpty() ? base : "{" + metaMembers + "," + base.substring(1);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{"
                + (paramsMembers.isEmpty() ? "" : paramsMembers + ",") + "\"_meta\":" + meta + "}}";
    }
}
