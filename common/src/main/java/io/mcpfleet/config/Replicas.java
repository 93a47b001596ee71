package io.mcpfleet.config;

/**
 * Bounds on the number of instances of a service.
 *
 * @param min instances kept running even when idle (0 lets the service sleep to nothing)
 * @param max the most instances scaling (by API or autoscaler) may create
 */
public record Replicas(int min, int max) {

    /** Absent a {@code max}, scale accepts at most this many. */
    public static final int DEFAULT_MAX = 10;
    /** A hard ceiling so that a typo cannot ask the engine for thousands of containers. */
    public static final int CEILING = 100;
    public static final Replicas DEFAULT = new Replicas(0, DEFAULT_MAX);

    public Replicas {
        if (min < 0) {
            throw new IllegalArgumentException("replicas.min must be >= 0, got " + min);
        }
        if (max < 1 || max > CEILING) {
            throw new IllegalArgumentException("replicas.max must be within 1-" + CEILING + ", got " + max);
        }
        if (min > max) {
            throw new IllegalArgumentException("replicas.min (" + min + ") is greater than replicas.max (" + max + ")");
        }
    }
}
