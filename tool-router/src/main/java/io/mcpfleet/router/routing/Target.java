package io.mcpfleet.router.routing;

import io.mcpfleet.router.upstream.BackendSession;

/**
 * Where one attempt of a call goes. The breaker permission for {@code backend} is held.
 *
 * @param backend the chosen instance
 * @param session the backend session on it
 * @param binding the client's binding when the service is stateful, else {@code null}
 */
record Target(Backend backend, BackendSession session, SessionBindings.Binding binding) {
}
