package io.mcpfleet.manager.autoscale;

/**
 * A step the autoscaler takes.
 *
 * @param replicas  the new replica count
 * @param direction {@code up} or {@code down}
 * @param reason    {@code panic} (a burst), {@code load} (the stable average) or {@code bounds}
 *                  (outside {@code replicas.min}-{@code max}): a metric label
 * @param detail    the figures behind it, for the event
 */
record ScaleDecision(int replicas, String direction, String reason, String detail) {

    /** What the lifecycle records as the scale's reason (and the event shows). */
    String lifecycleReason() {
        return "autoscale: " + reason + ", " + detail;
    }
}
