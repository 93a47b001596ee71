package io.mcpfleet.router.registration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registration of the router with an MCP gateway (IBM ContextForge) as one federated MCP server
 * ({@code fleet.gateway.*}, environment {@code FLEET_GATEWAY_*}). It is on when {@code url} and
 * credentials (a token, or a user and password) are set.
 *
 * @param url             the gateway's base URL, e.g. {@code http://gateway:4444}; empty: no registration [FLEET_GATEWAY_URL]
 * @param token           bearer token for the gateway's API (a ContextForge JWT) [FLEET_GATEWAY_TOKEN]
 * @param username        user for basic authentication to the gateway's API, instead of a token [FLEET_GATEWAY_USERNAME]
 * @param password        password for basic authentication [FLEET_GATEWAY_PASSWORD]
 * @param advertisedUrl   the router's MCP endpoint as the gateway reaches it, e.g. {@code http://tool-router:8080/mcp} [FLEET_GATEWAY_ADVERTISED_URL]
 * @param name            the name the fleet is registered under; the registration is found and updated by it [FLEET_GATEWAY_NAME]
 * @param description     the description the gateway shows
 * @param retryMin        the first back-off after a failed attempt
 * @param retryMax        the longest back-off between attempts
 * @param requestTimeout  timeout of one call to the gateway's API (a create waits while the gateway initializes a session with the router)
 * @param recheckInterval how often a registered router checks that its registration is still there (and recreates it); 0: never
 */
@Validated
@ConfigurationProperties("fleet.gateway")
public record GatewayProperties(
        String url,
        String token,
        String username,
        String password,
        String advertisedUrl,
        @NotBlank @DefaultValue("mcp-fleet") String name,
        @DefaultValue("mcp-fleet: every MCP server of the fleet behind one endpoint; idle servers sleep and wake on a call")
        String description,
        @NotNull @DefaultValue("1s") Duration retryMin,
        @NotNull @DefaultValue("1m") Duration retryMax,
        @NotNull @DefaultValue("30s") Duration requestTimeout,
        @NotNull @DefaultValue("5m") Duration recheckInterval) {

    /** The transport ContextForge is told to use for the router: the only one the router serves. */
    static final String TRANSPORT = "STREAMABLEHTTP";

    public GatewayProperties {
        url = blankToNull(url);
        token = blankToNull(token);
        username = blankToNull(username);
        password = blankToNull(password);
        advertisedUrl = blankToNull(advertisedUrl);
        if (url != null) {
            httpUrl("fleet.gateway.url", url);
            if (advertisedUrl == null) {
                throw new IllegalArgumentException("fleet.gateway.advertised-url (FLEET_GATEWAY_ADVERTISED_URL) is required "
                        + "with fleet.gateway.url: the router's MCP endpoint as the gateway reaches it, "
                        + "e.g. http://tool-router:8080/mcp");
            }
        }
        if (advertisedUrl != null) {
            httpUrl("fleet.gateway.advertised-url", advertisedUrl);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("fleet.gateway.username and fleet.gateway.password "
                    + "(FLEET_GATEWAY_USERNAME, FLEET_GATEWAY_PASSWORD) go together");
        }
        if (token != null && username != null) {
            throw new IllegalArgumentException("fleet.gateway: give a token (FLEET_GATEWAY_TOKEN) or a user and password, "
                    + "not both");
        }
        if (retryMin != null && retryMax != null && (retryMin.isNegative() || retryMin.isZero()
                || retryMax.compareTo(retryMin) < 0)) {
            throw new IllegalArgumentException("fleet.gateway.retry-min must be positive and at most fleet.gateway.retry-max");
        }
        if (recheckInterval != null && recheckInterval.isNegative()) {
            throw new IllegalArgumentException("fleet.gateway.recheck-interval must not be negative (0: never)");
        }
    }

    /** Whether the router registers itself: a gateway URL and credentials are set. */
    public boolean enabled() {
        return url != null && hasCredentials();
    }

    boolean hasCredentials() {
        return token != null || username != null;
    }

    /** The gateway's URL without any user info, for log lines. */
    String safeUrl() {
        return withoutUserInfo(url);
    }

    static String withoutUserInfo(String url) {
        return url == null ? null : url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    /** Keeps the token and the password out of anything that prints these settings. */
    @Override
    public String toString() {
        return "GatewayProperties[url=" + safeUrl() + ", token=" + mask(token) + ", username=" + username
                + ", password=" + mask(password) + ", advertisedUrl=" + advertisedUrl + ", name=" + name
                + ", retryMin=" + retryMin + ", retryMax=" + retryMax + ", requestTimeout=" + requestTimeout
                + ", recheckInterval=" + recheckInterval + "]";
    }

    private static String mask(String secret) {
        return secret == null ? null : "******";
    }

    private static void httpUrl(String key, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + withoutUserInfo(value) + "' is not a URL", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(key + ": '" + withoutUserInfo(value)
                    + "' is not an http(s) URL with a host, e.g. http://gateway:4444");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
