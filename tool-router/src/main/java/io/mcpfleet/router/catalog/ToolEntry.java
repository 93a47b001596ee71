package io.mcpfleet.router.catalog;

/**
 * One tool as clients see it.
 *
 * @param exposedName the name in {@code tools/list} and {@code tools/call}
 * @param service     the service that owns it
 * @param toolName    its name at the service
 * @param readOnly    annotated {@code readOnlyHint: true}
 * @param idempotent  annotated {@code idempotentHint: true}
 * @param json        the Tool object as listed (the server's, with only the name changed), UTF-8
 */
public record ToolEntry(String exposedName, String service, String toolName, boolean readOnly, boolean idempotent,
                        byte[] json) implements Routable {

    @Override
    public String nameAtService() {
        return toolName;
    }

    @Override
    public String kind() {
        return "tool";
    }

    /** Whether the tool says a replay cannot do harm. */
    @Override
    public boolean safeToReplay() {
        return readOnly || idempotent;
    }
}
