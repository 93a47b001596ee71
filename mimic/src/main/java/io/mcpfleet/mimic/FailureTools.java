package io.mcpfleet.mimic;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

/**
 * Tools that fail in the two ways MCP knows: a tool result with isError=true ({@code fail}), and a
 * JSON-RPC error ({@code error}, and every n-th call of {@code flaky} and {@code flaky_read}).
 */
final class FailureTools {

    private final int failEvery;

    FailureTools(int failEvery) {
        this.failEvery = failEvery;
    }

    List<MimicTool> tools() {
        return List.of(
                new MimicTool(Definition.tool("fail", "Answers a tool result with isError=true.")
                        .text("message", "the error text (default 'failed on purpose')")
                        .annotations(Definition.readOnly())
                        .build(), false,
                        call -> Results.failure(call.arguments().text("message", "failed on purpose"))),
                new MimicTool(Definition.tool("error", "Answers a JSON-RPC error -32603 instead of a result.")
                        .text("message", "the error message (default 'error on purpose')")
                        .annotations(Definition.readOnly())
                        .build(), false,
                        call -> {
                            throw internalError(call.arguments().text("message", "error on purpose"));
                        }),
                flaky("flaky", "Fails every n-th call of this instance (MIMIC_FAIL_EVERY) with JSON-RPC error "
                        + "-32603; not idempotent, so a router must not retry it.", Definition.mutating(false)),
                flaky("flaky_read", "Like flaky, with its own count, but read-only and idempotent: "
                        + "a router may retry it on another instance.", Definition.readOnly()));
    }

    private MimicTool flaky(String name, String description, ToolAnnotations hints) {
        AtomicLong calls = new AtomicLong();
        return new MimicTool(Definition.tool(name, description).annotations(hints).build(), false, call -> {
            long n = calls.incrementAndGet();
            if (failEvery > 0 && n % failEvery == 0) {
                throw internalError(name + " call " + n + " fails (every " + failEvery + ")");
            }
            return Results.text(name + " call " + n + " ok");
        });
    }

    private static McpError internalError(String message) {
        return McpError.builder(ErrorCodes.INTERNAL_ERROR).message(message).build();
    }
}
