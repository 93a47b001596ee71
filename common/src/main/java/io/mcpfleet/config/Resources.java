package io.mcpfleet.config;

/**
 * Container limits. Zero means "no limit" for either value.
 *
 * @param memoryBytes the memory limit in bytes ({@code resources.memory: "256MB"})
 * @param nanoCpus    the CPU limit in billionths of a core ({@code resources.cpu: "0.25"} is 250_000_000)
 */
public record Resources(long memoryBytes, long nanoCpus) {

    public static final Resources UNLIMITED = new Resources(0, 0);
    /** Docker refuses memory limits below 6 MiB. */
    public static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;

    public Resources {
        if (memoryBytes < 0 || (memoryBytes > 0 && memoryBytes < MIN_MEMORY_BYTES)) {
            throw new IllegalArgumentException("memory limit " + memoryBytes + " bytes is below Docker's minimum of 6 MiB");
        }
        if (nanoCpus < 0) {
            throw new IllegalArgumentException("cpu limit must be positive, got " + nanoCpus + " nano-cpus");
        }
    }

    public double cpus() {
        return nanoCpus / 1e9;
    }
}
