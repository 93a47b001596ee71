package io.mcpfleet.router.front;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The HTTP-level rule on {@code Host} that Tomcat applied when it owned the public port (RFC 9112
 * 3.2): an HTTP/1.1 request has exactly one, and it is a host ({@code [v6]} or a name of URI
 * characters) with an optional port. A request that breaks it gets a 400 before the router's own
 * checks (whose 403 is for a well-formed host that is not allowed).
 */
final class HostSyntax {

    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9\\-._~%!$&'()*+,;=]*)(:[0-9]*)?");

    private HostSyntax() {
    }

    /** Why the request's {@code Host} is malformed, or {@code null}. */
    static String problem(HttpRequest request) {
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.isEmpty()) {
            return request.protocolVersion().equals(HttpVersion.HTTP_1_1) ? "an HTTP/1.1 request needs a Host header"
                    : null;
        }
        if (hosts.size() > 1) {
            return "more than one Host header";
        }
        return HOST.matcher(hosts.get(0).trim()).matches() ? null : "malformed Host header";
    }
}
