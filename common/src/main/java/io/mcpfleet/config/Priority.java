package io.mcpfleet.config;

/** Which services are put to sleep first when memory is short; {@link #CRITICAL} is never evicted. */
public enum Priority {
    LOW, NORMAL, HIGH, CRITICAL;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
