package io.mcpfleet.manager;

/**
 * Gives the JVM's common fork-join pool at least two threads, before anything uses it.
 *
 * <p>Why: the JDK's HTTP client (the health probes' until issue 14, which now block on a pool of
 * their own: this may no longer be needed) hands the completion of every
 * {@code sendAsync} to {@code CompletableFuture}'s default executor, which is the common pool only
 * when the pool's parallelism is above one, and otherwise a new thread per task. The parallelism is
 * the processors less one, so on a machine or container with two processors or fewer each probe
 * started and ended a thread: 6 a second with 60 instances, a fifth of an idle manager's CPU
 * (docs/benchmarks.md, "Manager"). Two pool threads, kept alive between probes, do the same work.
 * A parallelism the user set ({@code -D}{@value #PROPERTY}) is left as it is.
 */
final class CommonPoolParallelism {

    static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
    static final int MINIMUM = 2;

    private CommonPoolParallelism() {
    }

    /** Sets the property when it should be set; a no-op once the common pool exists. */
    static void ensure() {
        String wanted = wanted(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors());
        if (wanted != null) {
            System.setProperty(PROPERTY, wanted);
        }
    }

    /** The parallelism to set, or null: the user chose one, or the JVM's default (processors - 1) is enough. */
    static String wanted(String configured, int processors) {
        if (configured != null && !configured.isBlank()) {
            return null;
        }
        return processors - 1 >= MINIMUM ? null : String.valueOf(MINIMUM);
    }
}
