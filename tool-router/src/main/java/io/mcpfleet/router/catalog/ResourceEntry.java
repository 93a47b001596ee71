package io.mcpfleet.router.catalog;

/**
 * One listed resource: its URI is the client's and the server's alike (URIs are never rewritten:
 * servers and clients embed them in tool results, and a rewritten one would break those links).
 *
 * @param uri     the resource's URI
 * @param service the service that owns it (the first by name when several list it)
 * @param json    the Resource object as listed, UTF-8
 */
public record ResourceEntry(String uri, String service, byte[] json) {
}
