package io.mcpfleet.router.security;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host names a request may name in {@code Host} and {@code Origin} (DNS-rebinding
 * protection): localhost, 127.0.0.1 and [::1] on any port, plus the configured names.
 */
final class HostAllowList {

    private final Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]", "::1"));

    HostAllowList(List<String> extra) {
        for (String h : extra) {
            for (String part : h.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    hosts.add(name);
                }
            }
        }
    }

    /** A {@code Host} header value: {@code name}, {@code name:port}, {@code [v6]} or {@code [v6]:port}. */
    boolean allowsHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        String name;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = h.substring(0, end + 1);
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
        }
        return hosts.contains(name);
    }

    /** An {@code Origin} header value: {@code scheme://host[:port]}; {@code null} (no header) is allowed. */
    boolean allowsOrigin(String origin) {
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin.trim());
            String host = uri.getHost();
            if (host == null || uri.getScheme() == null) {
                return false;
            }
            host = host.toLowerCase(Locale.ROOT);
            return hosts.contains(host) || hosts.contains("[" + host + "]");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
