package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Builds docker-java clients for the manager: {@code DOCKER_HOST} (default
 * {@value #DEFAULT_DOCKER_HOST}), the httpclient5 transport, and no pinned API version, so every
 * request goes to the engine's own (unversioned) API: a pinned version newer than the engine's
 * (1.44 against a 20.10 engine) is answered with 400.
 *
 * <p>Two kinds of client, because httpclient5's response timeout is an inactivity timeout:
 * <ul>
 *   <li>{@link #forRequests(String)}: one request, one answer. The response timeout is a little
 *       longer than {@link #MAX_STOP_GRACE}, the longest a {@code stop} request can legitimately wait.</li>
 *   <li>{@link #forStreams(String)}: events streams. No response timeout: an events stream
 *       can be silent for hours; a dead engine closes the socket, which ends the stream anyway.</li>
 * </ul>
 */
public final class DockerClients {

    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    /** Connecting to a local socket takes microseconds; a remote engine that needs more is down. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** The longest stop grace {@link DockerContainerRuntime} asks the engine for (longer ones are capped). */
    public static final Duration MAX_STOP_GRACE = Duration.ofSeconds(30);
    /** Response timeout of request clients: the engine answers a stop only after the grace has passed. */
    public static final Duration RESPONSE_TIMEOUT = MAX_STOP_GRACE.plusSeconds(5);

    // Each events subscription holds one connection for as long as it lives; a stats sample holds one
    // request connection for the 1-1.5 s the engine takes to answer it.
    private static final int REQUEST_CONNECTIONS = 64;
    private static final int STREAM_CONNECTIONS = 1024;

    private DockerClients() {
    }

    /** {@code DOCKER_HOST} from the given environment, or {@value #DEFAULT_DOCKER_HOST}. */
    public static String dockerHost(Map<String, String> environment) {
        String host = environment.get("DOCKER_HOST");
        return host == null || host.isBlank() ? DEFAULT_DOCKER_HOST : host.trim();
    }

    /** A request client for {@code DOCKER_HOST} of this process. */
    public static DockerClient fromEnvironment() {
        return forRequests(dockerHost(System.getenv()));
    }

    /** A client for one-shot requests (everything but events streams). */
    public static DockerClient forRequests(String dockerHost) {
        return create(dockerHost, RESPONSE_TIMEOUT, REQUEST_CONNECTIONS);
    }

    /** A client for long-lived streams (events): no response timeout. */
    public static DockerClient forStreams(String dockerHost) {
        return create(dockerHost, Duration.ZERO, STREAM_CONNECTIONS);
    }

    /**
     * A client for {@code dockerHost} ({@code unix:///path} or {@code tcp://host:port}).
     *
     * @param responseTimeout longest silence while waiting for (or reading) an answer; zero for none
     */
    public static DockerClient create(String dockerHost, Duration responseTimeout, int maxConnections) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        ApacheDockerHttpClient.Builder transport = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(dockerHost))
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(CONNECT_TIMEOUT);
        if (!responseTimeout.isZero()) {
            transport.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, transport.build());
    }
}
