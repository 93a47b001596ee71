package io.mcpfleet.router.upstream;

import java.net.URI;

/**
 * Where a backend listens, as an HTTP/1.1 connection needs it.
 *
 * @param host       the host to connect to
 * @param port       the port (80 when the URL names none)
 * @param hostHeader the value of the {@code Host} header
 */
record Http1Endpoint(String host, int port, String hostHeader) {

    /** The endpoint of an {@code http://} URL; other schemes are refused (backends speak plain HTTP). */
    static Http1Endpoint of(URI url) {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("backend URL must be http://host[:port]/path, not " + url);
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        String host = url.getHost();
        return new Http1Endpoint(host, port, url.getPort() < 0 ? host : host + ":" + port);
    }
}
