package io.mcpfleet.config;

/** When the router may replay a failed {@code tools/call} on another instance. */
public enum RetryPolicy {
    /** Only tools annotated {@code readOnlyHint} or {@code idempotentHint}. The default. */
    AUTO,
    /** Every tool of this service is safe to replay. */
    ALWAYS,
    /** Never replay. */
    NEVER;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
