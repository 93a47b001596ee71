package io.mcpfleet.router.catalog;

/**
 * One prompt as clients see it: named like a tool ({@code <service>__<prompt>} unless the prefix
 * is off), everything else the server's own.
 *
 * @param exposedName the name in {@code prompts/list}, {@code prompts/get} and completion references
 * @param service     the service that owns it
 * @param promptName  its name at the service
 * @param json        the Prompt object as listed (the server's, with only the name changed), UTF-8
 */
public record PromptEntry(String exposedName, String service, String promptName, byte[] json) implements Routable {

    @Override
    public String nameAtService() {
        return promptName;
    }

    @Override
    public String kind() {
        return "prompt";
    }

    /** Getting a prompt reads it: a replay cannot do harm. */
    @Override
    public boolean safeToReplay() {
        return true;
    }
}
