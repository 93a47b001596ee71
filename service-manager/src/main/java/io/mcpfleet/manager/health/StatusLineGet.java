package io.mcpfleet.manager.health;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;

/**
 * The {@code http} probe's exchange: one {@code GET} on a fresh {@link ProbeConnection}, of which
 * only the status line is read, then the connection is closed. Blocking: runs on the prober's
 * blocking pool. Also ends the sessions the {@code mcp} probe opened (a {@code DELETE}).
 */
final class StatusLineGet {

    private StatusLineGet() {
    }

    /** GETs {@code path} of {@code endpoint} (http://host:port) within {@code timeout}. */
    static ProbeResult probe(URI endpoint, String path, Duration timeout) {
        return request(endpoint, "GET", path, "Accept: application/json, text/event-stream\r\n", timeout);
    }

    /**
     * Sends one request without a body; healthy when it is answered 2xx or 3xx.
     *
     * @param headers more header lines, each ending in CRLF
     */
    static ProbeResult request(URI endpoint, String method, String path, String headers, Duration timeout) {
        long begin = System.nanoTime();
        try (ProbeConnection c = ProbeConnection.open(endpoint, begin + timeout.toNanos())) {
            c.send(method, endpoint, path, headers, null);
            String line = c.statusLine();
            if (line == null) {
                return ProbeResult.failed("the connection closed before an HTTP answer from " + path);
            }
            int status = ProbeConnection.status(line);
            if (status < 0) {
                return ProbeResult.failed("not an HTTP answer from " + path + ": " + ProbeConnection.printable(line));
            }
            boolean healthy = status >= 200 && status < 400;
            return new ProbeResult(healthy, (System.nanoTime() - begin) / 1e9,
                    healthy ? null : "HTTP " + status + " from " + path);
        } catch (ProbeConnection.Unreachable e) {
            return ProbeResult.failed(e.getMessage());
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed("no answer from " + path + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            String message = e.getMessage();
            return ProbeResult.failed(e.getClass().getSimpleName() + (message == null ? "" : ": " + message)
                    + " from " + path);
        }
    }
}
