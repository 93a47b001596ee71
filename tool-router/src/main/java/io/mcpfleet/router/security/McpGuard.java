package io.mcpfleet.router.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * What guards the MCP endpoint, without a servlet: DNS-rebinding protection ({@code Host} and
 * {@code Origin} must name an allowed host, else 403) and, when a router token is set, a bearer
 * token compared in constant time (else 401 with {@code WWW-Authenticate}). Used by
 * {@link McpSecurityFilter} and by the front end's event-loop path alike. Thread-safe.
 */
public final class McpGuard {

    private final HostAllowList allowList;
    private final byte[] tokenDigest;

    public McpGuard(List<String> allowedHosts, String routerToken) {
        this.allowList = new HostAllowList(allowedHosts);
        this.tokenDigest = routerToken == null || routerToken.isBlank() ? null : sha256(routerToken);
    }

    /**
     * @param authorizations every {@code Authorization} header of the request (none: empty)
     * @return {@code null} when the request may pass, else how to refuse it
     */
    public Refusal check(String host, String origin, List<String> authorizations) {
        if (!allowList.allowsHost(host)) {
            return Refusal.challenged(403, "Host " + host + " is not allowed (DNS-rebinding protection; "
                    + "add it to fleet.allowed-hosts)", null);
        }
        if (!allowList.allowsOrigin(origin)) {
            return Refusal.challenged(403, "Origin " + origin + " is not allowed (DNS-rebinding protection)", null);
        }
        if (tokenDigest == null) {
            return null;
        }
        if (authorizations.isEmpty()) {
            return Refusal.challenged(401, "a bearer token is required", "Bearer realm=\"mcp-fleet\"");
        }
        // Which of two tokens counts depends on who reads the request (this guard would take the
        // first, a proxy in front may take the last): refuse the request rather than guess.
        if (authorizations.size() > 1) {
            return Refusal.challenged(401, "more than one Authorization header",
                    "Bearer realm=\"mcp-fleet\", error=\"invalid_request\"");
        }
        String auth = authorizations.get(0);
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)
                || !MessageDigest.isEqual(tokenDigest, sha256(auth.substring(7).trim()))) {
            return Refusal.challenged(401, "invalid bearer token", "Bearer realm=\"mcp-fleet\", error=\"invalid_token\"");
        }
        return null;
    }

    // Comparing digests keeps the comparison constant-time whatever the lengths of the two tokens.
    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
