package io.mcpfleet.manager.health;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParser;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.CharArrayBuffer;
import org.apache.hc.core5.util.Timeout;

/**
 * The probes' HTTP/1.1 exchanges, on Apache HttpClient 5's classic (blocking) API: one request on
 * a fresh connection, the answer read as far as the probe needs it, then the connection closed at
 * once. Blocking: probes run on the prober's pool of platform threads, and the classic client
 * starts no threads of its own.
 *
 * <p>The client is configured for probes: no connection reuse (one probe every few seconds gains
 * nothing from it, and a server restarted by a wake would have closed it anyway), no retries, no
 * redirects (a 3xx is the answer), no cookies, no authentication, no content decompression, no
 * proxy; the answer's head is bounded (lines of 8 KiB, 100 headers) and its first line must be an
 * HTTP status line (the client's lenient parser would skip what is not one). The whole exchange
 * (connect, request, head and what is read of the body) has one deadline, {@code health.timeout}:
 * a read waits at most that long, and at the deadline the exchange is cancelled, which closes its
 * connection (a server trickling its answer byte by byte does not outlast it).
 *
 * <p>Why not the JDK's HTTP client: for a probe it was most of an idle manager's CPU (its
 * selector, worker threads and completion stages: 4-5 ms of CPU per probe against about 1 ms for a
 * plain socket). This client runs the exchange on the caller's thread: an idle manager with 60
 * instances probed stayed within the noise of the hand-written exchange it replaced (2.5 % of a
 * core or less either way; an {@code http} probe about 0.3-0.5 ms of CPU more, its head parsed:
 * docs/benchmarks.md, "Manager", fifth pass).
 */
final class ProbeHttp implements Closeable {

    /** A status or header line longer than this is not one. */
    private static final int MAX_LINE = 8 * 1024;
    /** More header lines than this is not an answer to a probe. */
    private static final int MAX_HEADERS = 100;
    private static final Header CLOSE = new BasicHeader(HttpHeaders.CONNECTION, "close");

    private final CloseableHttpClient client;
    /** Cancels the exchanges that reach their deadline. */
    private final ScheduledThreadPoolExecutor deadlines;

    ProbeHttp() {
        Http1Config http1 = Http1Config.custom().setMaxLineLength(MAX_LINE).setMaxHeaderCount(MAX_HEADERS).build();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder().http1Config(http1)
                                .responseParserFactory(StrictStatusLine::new).build())
                        // every probe its own connection, leased without waiting and never kept
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnPerRoute(1024)
                        .build())
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState()
                .setUserAgent("mcp-fleet-probe")
                .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon()
                .name("fleet-probe-deadline").unstarted(r));
        this.deadlines.setRemoveOnCancelPolicy(true);
        // The thread ends when no probe has run for a while: nothing closes a Prober's client in
        // tests, and a fleet with every service asleep probes nothing. The last thread waits for a
        // pending deadline (ThreadPoolExecutor keeps one while its queue is not empty).
        this.deadlines.setKeepAliveTime(30, TimeUnit.SECONDS);
        this.deadlines.allowCoreThreadTimeOut(true);
    }

    /** What a probe makes of the answer's head and as much of its body as it reads. */
    @FunctionalInterface
    interface Reading<T> {
        T read(int status, ClassicHttpResponse answer, InputStream body) throws IOException;
    }

    /** Connection refused or timed out, unknown host, no route: nothing answered at all. */
    static final class Unreachable extends IOException {
        Unreachable(HttpHost host, IOException cause) {
            super("cannot connect to " + host.toHostString() + ": "
                    + (cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage()), cause);
        }
    }

    /** The peer closed the connection before a status line. */
    static final class ClosedBeforeAnswer extends IOException {
        ClosedBeforeAnswer(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The first line of the answer is not an HTTP status line (quoted, cut short). */
    static final class NotHttp extends IOException {
        NotHttp(String line) {
            super(printable(line));
        }
    }

    /**
     * One request to {@code path} of {@code endpoint} (http://host:port), with {@code Connection:
     * close}, and the reading of its answer, all within {@code timeout}.
     *
     * @param body sent as {@code application/json} with its {@code Content-Length}; {@code null} for none
     * @throws SocketTimeoutException at the deadline, whatever the exchange was doing
     */
    <T> T exchange(URI endpoint, String method, String path, Header[] headers, byte[] body, Duration timeout,
            Reading<T> reading) throws IOException {
        HttpHost host = new HttpHost("http", endpoint.getHost(), endpoint.getPort() < 0 ? 80 : endpoint.getPort());
        HttpUriRequestBase request;
        try {
            request = new HttpUriRequestBase(method, URI.create(path));
        } catch (IllegalArgumentException e) {
            throw new IOException("not a request path: " + printable(path), e);
        }
        request.setHeaders(headers);
        request.addHeader(CLOSE);
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        }
        request.setConfig(config(timeout));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> alarm = deadlines.schedule(() -> {
            late.set(true);
            request.cancel();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            ClassicHttpResponse answer = open(host, request);
            try {
                InputStream in = answer.getEntity() == null ? InputStream.nullInputStream()
                        : answer.getEntity().getContent();
                return reading.read(answer.getCode(), answer, in);
            } finally {
                // Closes the connection at once: closing the answer first would read its body to the end.
                request.cancel();
                closeQuietly(answer);
            }
        } catch (ConnectionClosedException e) {
            throw late.get() ? timedOut(e) : new IOException("the connection closed before the end of the body ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw late.get() ? timedOut(e) : e;
        } finally {
            alarm.cancel(false);
        }
    }

    private ClassicHttpResponse open(HttpHost host, HttpUriRequestBase request) throws IOException {
        try {
            return client.executeOpen(host, request, null);
        } catch (ConnectException | ConnectTimeoutException | UnknownHostException e) {
            throw new Unreachable(host, e);
        } catch (NoHttpResponseException e) {
            throw new ClosedBeforeAnswer(e);
        }
    }

    /** A timeout for the connect and for every read; the deadline cuts the whole short. */
    @SuppressWarnings("deprecation") // the per-request connect timeout: health.timeout differs per service
    private static RequestConfig config(Duration timeout) {
        Timeout t = Timeout.of(timeout);
        return RequestConfig.custom().setConnectTimeout(t).setResponseTimeout(t).build();
    }

    private static SocketTimeoutException timedOut(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("probe deadline passed");
        e.initCause(cause);
        return e;
    }

    private static void closeQuietly(ClassicHttpResponse answer) {
        try {
            answer.close();
        } catch (IOException e) {
            // the connection is closed already; what was not read of the body is of no interest
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }

    /** A line quoted in a detail: cut short, control characters shown as {@code ?}. */
    static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** The first line must be a status line: the client's own parser skips lines that are not. */
    private static final class StrictStatusLine extends DefaultHttpResponseParser {
        StrictStatusLine(Http1Config config) {
            super(config);
        }

        @Override
        protected ClassicHttpResponse createMessage(CharArrayBuffer line) throws IOException, HttpException {
            try {
                return super.createMessage(line);
            } catch (ParseException e) {
                throw new NotHttp(line.toString());
            }
        }
    }
}
