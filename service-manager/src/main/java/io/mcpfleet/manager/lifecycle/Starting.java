package io.mcpfleet.manager.lifecycle;

import java.util.concurrent.CompletableFuture;

/**
 * A start in progress.
 *
 * @param accepted completes once the start has been acted on (containers created or woken),
 *                 with the service as it is then
 * @param ready    completes with the first healthy instance, or fails with {@link StartFailedException}
 */
public record Starting(CompletableFuture<ServiceSnapshot> accepted, CompletableFuture<Instance> ready) {
}
