package io.mcpfleet.mimic;

/** Where tools are added while the mimic serves, and how connected clients learn of it. */
interface ToolRegistry {

    /** Offers the tool from now on (tools/list and tools/call); sessions are told the list changed. */
    void add(MimicTool tool);

    /** Sends {@code notifications/tools/list_changed} to every session (none when stateless). */
    void notifyToolsChanged();
}
