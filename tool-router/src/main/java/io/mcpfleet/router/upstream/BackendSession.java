package io.mcpfleet.router.upstream;

import io.mcpfleet.router.discovery.InstanceRef;

/**
 * An MCP session the router holds with one instance: initialised, with the id the instance gave
 * ({@code null} when the server keeps no sessions) and the protocol version it chose.
 */
public final class BackendSession {

    private final InstanceRef instance;
    private final String service;
    private final String sessionId;
    private final String protocolVersion;
    private final String authorization;
    private final RequestHead requestHead;
    private final String modernMeta;
    /** The top-level capabilities the server declared in {@code initialize}; {@code null} when unknown. */
    private final java.util.Set<String> capabilities;
    private volatile boolean closed;

    /** @param authorization the {@code Authorization} header for the manager's bridge, or {@code null} */
    BackendSession(String service, InstanceRef instance, String sessionId, String protocolVersion,
                   String authorization) {
        this(service, instance, sessionId, protocolVersion, authorization, null);
    }

    /**
     * @param modernMeta for a 2026-07-28 instance (no session): the {@code _meta} members every request
     *                   carries ({@link ModernMessages#metaMembers}); {@code null} for a 2025 session
     */
    BackendSession(String service, InstanceRef instance, String sessionId, String protocolVersion,
                   String authorization, String modernMeta) {
        this(service, instance, sessionId, protocolVersion, authorization, modernMeta, null);
    }

    /** @param capabilities the capabilities the server declared ({@code initialize}), or {@code null} when unknown */
    BackendSession(String service, InstanceRef instance, String sessionId, String protocolVersion,
                   String authorization, String modernMeta, java.util.Set<String> capabilities) {
        this.capabilities = capabilities == null ? null : java.util.Set.copyOf(capabilities);
        this.modernMeta = modernMeta;
        this.service = service;
        this.instance = instance;
        this.sessionId = sessionId;
        this.protocolVersion = protocolVersion;
        this.authorization = authorization;
        this.requestHead = RequestHead.of(instance.mcpUrl(), sessionId, protocolVersion, authorization);
    }

    /** The {@code Authorization} header the instance wants (only the manager's bridge does), or {@code null}. */
    String authorization() {
        return authorization;
    }

    /** The headers of every POST in this session, formatted once. */
    RequestHead requestHead() {
        return requestHead;
    }

    public String service() {
        return service;
    }

    public InstanceRef instance() {
        return instance;
    }

    /** The backend's {@code Mcp-Session-Id}, or {@code null}. */
    public String sessionId() {
        return sessionId;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /**
     * Whether the server may offer this capability ({@code prompts}, {@code resources}, ...): it
     * declared it, or its capabilities are not known (a 2026-07-28 server, which declares them per
     * request). A client must not ask a server for what it did not declare.
     */
    public boolean mayOffer(String capability) {
        return capabilities == null || capabilities.contains(capability);
    }

    /** Whether the instance speaks 2026-07-28: no session, each request carries its version and capabilities. */
    public boolean modern() {
        return modernMeta != null;
    }

    String modernMeta() {
        return modernMeta;
    }

    public boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return service + "/" + instance.id() + (sessionId == null ? "" : "#" + abbreviate(sessionId));
    }

    private static String abbreviate(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
