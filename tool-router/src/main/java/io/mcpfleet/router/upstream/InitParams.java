package io.mcpfleet.router.upstream;

/**
 * What the router presents when it opens a backend session on a client's behalf: the client's
 * own protocol version, capabilities and clientInfo, so the server treats it as that client.
 *
 * @param protocolVersion the version to ask for
 * @param capabilities    the client capabilities as raw JSON
 * @param clientInfo      the client's Implementation object as raw JSON
 */
public record InitParams(String protocolVersion, String capabilities, String clientInfo) {
}
