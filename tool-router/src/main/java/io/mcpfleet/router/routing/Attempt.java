package io.mcpfleet.router.routing;

/**
 * One attempt of a call once it has begun ({@link Attempts#begin}): the instance's breaker
 * permission and its in-flight count are held until {@link Attempts} settles it.
 *
 * @param target     where it goes
 * @param backendId  the id the backend sees (the client's own for a stateful service, a router id otherwise)
 * @param message    the request as the backend must see it (name and, if mapped, id rewritten)
 * @param startNanos when it began ({@link System#nanoTime()} scale), for the instance's latency and breaker
 */
record Attempt(Target target, String backendId, byte[] message, long startNanos) {
}
