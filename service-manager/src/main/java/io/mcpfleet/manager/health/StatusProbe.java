package io.mcpfleet.manager.health;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * The {@code http} probe's exchange: one {@code GET}, of which only the status matters (the body is
 * not read: the connection is closed after the head). Blocking: runs on the prober's blocking pool.
 * Also ends the sessions the {@code mcp} probe opened (a {@code DELETE}).
 */
final class StatusProbe {

    private static final Header[] ACCEPT = {new BasicHeader("Accept", "application/json, text/event-stream")};

    private StatusProbe() {
    }

    /** GETs {@code path} of {@code endpoint} (http://host:port) within {@code timeout}. */
    static ProbeResult probe(ProbeHttp http, URI endpoint, String path, Duration timeout) {
        return request(http, endpoint, "GET", path, ACCEPT, timeout);
    }

    /** Sends one request without a body; healthy when it is answered 2xx or 3xx. */
    static ProbeResult request(ProbeHttp http, URI endpoint, String method, String path, Header[] headers,
            Duration timeout) {
        long begin = System.nanoTime();
        try {
            int status = http.exchange(endpoint, method, path, headers, null, timeout, (code, answer, body) -> code);
            boolean healthy = status >= 200 && status < 400;
            return new ProbeResult(healthy, (System.nanoTime() - begin) / 1e9,
                    healthy ? null : "HTTP " + status + " from " + path);
        } catch (ProbeHttp.Unreachable e) {
            return ProbeResult.failed(e.getMessage());
        } catch (ProbeHttp.ClosedBeforeAnswer e) {
            return ProbeResult.failed("the connection closed before an HTTP answer from " + path);
        } catch (ProbeHttp.NotHttp e) {
            return ProbeResult.failed("not an HTTP answer from " + path + ": " + e.getMessage());
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed("no answer from " + path + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            String message = e.getMessage();
            return ProbeResult.failed(e.getClass().getSimpleName() + (message == null ? "" : ": " + message)
                    + " from " + path);
        }
    }
}
