package io.mcpfleet.mimic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** Tools that answer at once: echo, whoami, big, counter, write. */
final class BasicTools {

    static final int MAX_BIG_KB = 64 * 1024;

    private final String id;
    private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> store = new ConcurrentHashMap<>();

    BasicTools(String id) {
        this.id = id;
    }

    List<MimicTool> tools() {
        return List.of(
                new MimicTool(Definition.tool("echo", "Returns the text, and {text, id} as structured content.")
                        .requiredText("text", "what to return")
                        .annotations(Definition.readOnly())
                        .outputStrings("text", "id")
                        .build(), false, this::echo),
                new MimicTool(Definition.tool("whoami", "Returns the id of the mimic instance that served the call.")
                        .annotations(Definition.readOnly())
                        .outputStrings("id")
                        .build(), false, call -> Results.structured(id, Map.of("id", id))),
                new MimicTool(Definition.tool("big", "Returns a text of kb kilobytes.")
                        .number("kb", "size in KiB (default 1)", 0, MAX_BIG_KB)
                        .annotations(Definition.readOnly())
                        .build(), false, this::big),
                new MimicTool(Definition.tool("counter",
                                "Increments and returns a counter kept per MCP session (per instance when stateless).")
                        .annotations(Definition.mutating(false))
                        .build(), false, this::count),
                new MimicTool(Definition.tool("write", "Stores value under key; not idempotent, so never retried.")
                        .requiredText("key", "where to store")
                        .text("value", "what to store")
                        .annotations(Definition.mutating(true))
                        .build(), false, this::write));
    }

    private CallToolResult echo(ToolCall call) {
        String text = call.arguments().text("text", "");
        return Results.structured(text, Map.of("text", text, "id", id));
    }

    private CallToolResult big(ToolCall call) {
        int kb = (int) call.arguments().number("kb", 1, 0, MAX_BIG_KB);
        return Results.text("x".repeat(kb * 1024));
    }

    private CallToolResult count(ToolCall call) {
        long count = counters.computeIfAbsent(call.sessionKey(), k -> new AtomicLong()).incrementAndGet();
        return Results.text(Long.toString(count));
    }

    private CallToolResult write(ToolCall call) {
        String key = call.arguments().text("key", "");
        String previous = store.put(key, call.arguments().text("value", ""));
        return Results.text(previous == null ? "created " + key : "replaced " + key);
    }
}
