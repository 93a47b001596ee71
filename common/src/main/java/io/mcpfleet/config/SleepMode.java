package io.mcpfleet.config;

/**
 * How an idle service sleeps. {@link #STOP} stops its containers (all memory freed; waking is a
 * container start plus the server's own start). {@link #PAUSE} freezes their cgroup (memory kept;
 * waking takes tens of milliseconds).
 */
public enum SleepMode {
    STOP, PAUSE;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
