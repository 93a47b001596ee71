package io.mcpfleet.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An MCP client session over one {@link Wire}: {@code initialize}, then {@code tools/call}s. */
final class Mcp implements AutoCloseable {

    static final String VERSION = "2025-11-25";
    private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final AtomicLong IDS = new AtomicLong();

    private final Wire wire;
    private final String path;
    private String session;

    private Mcp(Wire wire, String path) {
        this.wire = wire;
        this.path = path;
    }

    /** Opens a connection to {@code host:port} and initialises a session at {@code path}. */
    static Mcp open(String host, int port, String path, int timeoutMillis) throws IOException {
        Mcp mcp = new Mcp(new Wire(host, port, timeoutMillis), path);
        try {
            mcp.initialize();
            return mcp;
        } catch (IOException | RuntimeException e) {
            mcp.close();
            throw e;
        }
    }

    String session() {
        return session;
    }

    private void initialize() throws IOException {
        Wire.Answer a = wire.post(path, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"" + VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcp-fleet-bench\","
                + "\"version\":\"1\"}}}");
        if (a.status() != 200 || a.header("mcp-session-id") == null) {
            throw new IOException("initialize answered HTTP " + a.status() + ": " + a.body());
        }
        session = a.header("mcp-session-id");
        wire.post(path, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Mcp-Session-Id", session,
                "MCP-Protocol-Version", VERSION);
    }

    /** Calls a tool and returns the text of its first content item; fails on any error answer. */
    String call(String tool, String argumentsJson) throws IOException {
        Wire.Answer a = wire.post(path, "{\"jsonrpc\":\"2.0\",\"id\":" + IDS.incrementAndGet()
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION);
        if (a.status() != 200 || a.body().contains("\"error\"")) {
            throw new IOException(tool + " answered HTTP " + a.status() + ": " + a.body());
        }
        Matcher m = TEXT.matcher(a.body());
        return m.find() ? m.group(1) : "";
    }

    @Override
    public void close() {
        wire.close();
    }
}
