package io.mcpfleet.manager.health;

import io.mcpfleet.manager.lifecycle.ProbeTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default probe: an MCP request on the service's MCP path in the server's own protocol era, which must be answered
 * by a JSON-RPC response, as JSON or as the first message of an event stream. A 404, an HTML page,
 * anything that is not JSON-RPC, or no answer within {@code health.timeout} is unhealthy, with a
 * detail that says what came back: a wrong {@code mcp.path} cannot look healthy.
 *
 * <p>The era: the first probe of an endpoint sends MCP 2026-07-28's {@code server/discover}; a
 * result naming 2026-07-28 makes it a modern server, which is then probed with
 * {@code server/discover} (it has no {@code initialize}: a 2025 request gets HTTP 400 there). Any
 * other answer (a 2025 server's 400 or JSON-RPC error) makes it a 2025 server, probed with
 * {@code initialize} from then on (at once, unless its answer was JSON-RPC already). The era is remembered per endpoint; a
 * remembered modern server that stops answering as one is asked again on the next probe.
 *
 * <p>A JSON-RPC {@code error} answer (with 2xx) counts as healthy: it carries our request's id, so
 * a JSON-RPC server parsed our request at this path, which no wrong path or plain web server does.
 *
 * <p>A stateful server opens a session for every {@code initialize}: when the answer names one
 * ({@code Mcp-Session-Id}), the probe ends it with a {@code DELETE}, sent after the verdict and not
 * waited for. Keeping one probe session per instance and sending {@code ping} would save the
 * session's set-up, but not a round trip, and it is slower where it matters: after a wake in stop
 * mode the server has restarted and forgotten the session, so the first probe would fail with 404
 * and need a second round trip to initialize again, on the caller's path.
 *
 * <p>Each request is one POST on a fresh connection ({@link ProbeHttp}: Apache HttpClient's classic,
 * blocking API, on the prober's pool), read until the JSON-RPC answer.
 */
final class McpProbe {

    static final String PROTOCOL_VERSION = "2025-11-25";
    static final String MODERN_VERSION = "2026-07-28";
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    /** Of an answer that is not 2xx, only enough is read to quote its start. */
    private static final int MAX_ERROR_BYTES = 4096;
    private static final Duration END_SESSION_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] INITIALIZE = JsonMapper.shared().writeValueAsBytes(JsonRpcAnswer.initialize());
    private static final byte[] DISCOVER = JsonMapper.shared().writeValueAsBytes(JsonRpcAnswer.discover());
    /** With the body's {@code Content-Type}, which its entity adds. */
    private static final Header[] HEADERS = {new BasicHeader("Accept", "application/json, text/event-stream")};
    private static final Header[] DISCOVER_HEADERS = {HEADERS[0],
        new BasicHeader("MCP-Protocol-Version", MODERN_VERSION), new BasicHeader("Mcp-Method", "server/discover")};

    private final ProbeHttp http;
    private final Executor blocking;
    /** Endpoints known to speak 2026-07-28 (true) or 2025 (false). */
    private final Map<String, Boolean> modernByEndpoint = new ConcurrentHashMap<>();

    /**
     * @param http     the probes' HTTP client
     * @param blocking where the sessions the probe opened are ended, not waited for
     */
    McpProbe(ProbeHttp http, Executor blocking) {
        this.http = http;
        this.blocking = blocking;
    }

    /** Probes {@code endpoint} (the target's, parsed); blocks until the verdict, within the check's timeout per request. */
    ProbeResult probe(URI endpoint, ProbeTarget target) {
        String key = target.endpoint();
        Boolean modern = modernByEndpoint.get(key);
        if (Boolean.FALSE.equals(modern)) {
            return send(endpoint, target, false).result();
        }
        Sent sent = send(endpoint, target, true);
        if (sent.modern()) {
            modernByEndpoint.put(key, true);
            return sent.result();
        }
        if (modern != null) {
            modernByEndpoint.remove(key);
            return sent.result();
        }
        if (!sent.answered()) {
            // Not up yet (or gone): nothing learned, and initialize would fail the same way.
            return sent.result();
        }
        modernByEndpoint.put(key, false);
        // A 2025 server that answered server/discover in JSON-RPC (an error) has shown itself
        // healthy already; one that refused it over HTTP (400: no session) is asked properly.
        return sent.result().healthy() ? sent.result() : send(endpoint, target, false).result();
    }

    /**
     * One probe request and its verdict.
     *
     * @param answered an HTTP answer came back (whatever it was)
     * @param modern   it was a {@code server/discover} result naming 2026-07-28
     */
    private record Sent(ProbeResult result, boolean answered, boolean modern) {

        static Sent failed(String detail) {
            return new Sent(ProbeResult.failed(detail), false, false);
        }
    }

    private Sent send(URI endpoint, ProbeTarget target, boolean discover) {
        String path = target.mcpPath();
        Duration timeout = target.check().timeout();
        String method = discover ? "server/discover" : "initialize";
        long begin = System.nanoTime();
        try {
            return http.exchange(endpoint, "POST", path, discover ? DISCOVER_HEADERS : HEADERS,
                    discover ? DISCOVER : INITIALIZE, timeout, (status, answer, in) -> {
                        String contentType = value(answer, "Content-Type");
                        boolean sse = contentType != null
                                && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
                        String body = status >= 200 && status < 300
                                ? FirstAnswer.read(in, sse, MAX_ANSWER_BYTES, JsonRpcAnswer::endsTheWait)
                                : start(in);
                        String session = value(answer, "Mcp-Session-Id");
                        if (session != null) {
                            endSession(endpoint, path, session);
                        }
                        double seconds = (System.nanoTime() - begin) / 1e9;
                        String detail = JsonRpcAnswer.judge(path, status, contentType, body);
                        boolean modern = discover && detail == null && JsonRpcAnswer.discoversModern(body);
                        return new Sent(new ProbeResult(detail == null, seconds, detail), true, modern);
                    });
        } catch (ProbeHttp.Unreachable e) {
            return Sent.failed(e.getMessage());
        } catch (ProbeHttp.ClosedBeforeAnswer e) {
            return Sent.failed("the connection closed before an HTTP answer to " + method + " from " + path);
        } catch (ProbeHttp.NotHttp e) {
            return Sent.failed("not an HTTP answer to " + method + " from " + path + ": " + e.getMessage());
        } catch (SocketTimeoutException e) {
            return Sent.failed("no answer to " + method + " from " + path + " within " + timeout.toMillis() + " ms");
        } catch (FirstAnswer.AnswerTooLarge e) {
            return Sent.failed(e.getMessage() + " from " + path);
        } catch (IOException e) {
            String message = e.getMessage();
            return Sent.failed(e.getClass().getSimpleName() + (message == null ? "" : ": " + message) + " to "
                    + method + " from " + path);
        }
    }

    /** The first value of a header of the answer, or {@code null}. */
    private static String value(ClassicHttpResponse answer, String name) {
        Header header = answer.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    /** The start of an error answer's body, as much as comes before its end, the limit or the deadline. */
    private static String start(InputStream in) {
        byte[] bytes = new byte[MAX_ERROR_BYTES];
        int n = 0;
        try {
            int read;
            while (n < bytes.length && (read = in.read(bytes, n, bytes.length - n)) >= 0) {
                n += read;
            }
        } catch (IOException e) {
            // The status says enough; quote what came.
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** Ends the session the probe's {@code initialize} opened; best effort, nobody waits for it. */
    private void endSession(URI endpoint, String path, String sessionId) {
        if (!sessionId.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            return; // not a header value we may send back: nothing to end
        }
        Header[] headers = {new BasicHeader("Mcp-Session-Id", sessionId),
            new BasicHeader("MCP-Protocol-Version", PROTOCOL_VERSION)};
        blocking.execute(() -> StatusProbe.request(http, endpoint, "DELETE", path, headers, END_SESSION_TIMEOUT));
    }
}
