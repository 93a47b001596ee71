package io.mcpfleet.mimic;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Changes the tool list at run time, for catalog refresh tests: notify_tools_changed adds extra. */
final class CatalogTools {

    static final String EXTRA = "extra";

    private final ToolRegistry registry;
    private final AtomicBoolean extraAdded = new AtomicBoolean();

    CatalogTools(ToolRegistry registry) {
        this.registry = registry;
    }

    List<MimicTool> tools() {
        return List.of(new MimicTool(Definition.tool("notify_tools_changed",
                        "Adds the tool 'extra' and sends notifications/tools/list_changed (on the sessions' GET "
                                + "streams; stateless mimics only add it).")
                .annotations(Definition.mutating(false))
                .build(), false, call -> {
                    if (extraAdded.compareAndSet(false, true)) {
                        registry.add(extra());
                    } else {
                        registry.notifyToolsChanged();
                    }
                    return Results.text("tools changed: " + EXTRA + " added");
                }));
    }

    private static MimicTool extra() {
        return new MimicTool(Definition.tool(EXTRA, "Added at run time by notify_tools_changed; returns 'extra'.")
                .annotations(Definition.readOnly())
                .build(), false, call -> Results.text(EXTRA));
    }
}
