package io.mcpfleet.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Docker for tests: one shared docker-java client, clean-up by label (see {@link TestLabels}), and
 * waiting for a server to answer.
 *
 * <p>The engine is shared with other test runs and other developers: remove only what carries a
 * test label, never prune.
 */
public final class DockerTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static volatile DockerClient client;

    private DockerTestSupport() {
    }

    /**
     * A client for {@code DOCKER_HOST} (default {@code unix:///var/run/docker.sock}), API version
     * left to the engine, no response timeout (image builds are long and silent at times).
     */
    public static DockerClient client() {
        DockerClient c = client;
        if (c == null) {
            synchronized (DockerTestSupport.class) {
                c = client;
                if (c == null) {
                    c = newClient(dockerHost());
                    client = c;
                }
            }
        }
        return c;
    }

    public static String dockerHost() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host.trim();
    }

    /** A fresh client for {@code dockerHost}; the caller closes it. */
    public static DockerClient newClient(String dockerHost) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(dockerHost))
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(3))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Removes (forced) every container, in any state, labelled {@code key=value}; returns how many. */
    public static int removeContainersByLabel(String key, String value) {
        List<Container> containers = client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(key, value)).exec();
        return remove(containers);
    }

    /** Removes (forced) every container whose labels match; returns how many. */
    public static int removeContainersWhere(Predicate<Map<String, String>> labels) {
        List<Container> containers = client().listContainersCmd().withShowAll(true).exec().stream()
                .filter(c -> labels.test(c.getLabels() == null ? Map.of() : c.getLabels()))
                .toList();
        return remove(containers);
    }

    /** Removes the containers this JVM's tests caused ({@link TestLabels#isThisRunsContainer}). */
    public static int removeThisRunsContainers() {
        return removeContainersWhere(TestLabels::isThisRunsContainer);
    }

    /**
     * Removes every test container of every run: {@code io.mcpfleet.fleet=test-*} or
     * {@code io.mcpfleet.test}. For CI before and after the build, where nothing else runs; on a
     * shared development engine it would also remove the containers of tests running right now.
     */
    public static int cleanupAllTestContainers() {
        return removeContainersWhere(TestLabels::isTestContainer);
    }

    /**
     * Removes the test containers of any run created longer than {@code age} ago: what crashed or
     * killed runs left on a development engine. Safe beside running tests when {@code age} is longer
     * than any test run (an hour, say).
     */
    public static int cleanupStaleTestContainers(Duration age) {
        long cutoff = Instant.now().minus(age).getEpochSecond();
        List<Container> stale = client().listContainersCmd().withShowAll(true).exec().stream()
                .filter(c -> TestLabels.isTestContainer(c.getLabels() == null ? Map.of() : c.getLabels()))
                .filter(c -> c.getCreated() != null && c.getCreated() < cutoff)
                .toList();
        return remove(stale);
    }

    private static int remove(List<Container> containers) {
        int removed = 0;
        for (Container container : containers) {
            try {
                client().removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            } catch (NotFoundException alreadyGone) {
                // removed by someone else in the meantime
            } catch (ConflictException beingRemoved) {
                // "removal ... is already in progress": a manager killed mid-removal started it
                if (!String.valueOf(beingRemoved.getMessage()).contains("already in progress")) {
                    throw beingRemoved;
                }
            }
        }
        return removed;
    }

    public static boolean imageExists(String image) {
        try {
            client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The value of a label of a local image, or {@code null} when the image or the label is missing. */
    public static String imageLabel(String image, String label) {
        try {
            var config = client().inspectImageCmd(image).exec().getConfig();
            return config == null || config.getLabels() == null ? null : config.getLabels().get(label);
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Waits until a GET of {@code url} answers 2xx; fails with the last answer or error. */
    public static void awaitHttp(String url, Duration timeout) {
        awaitHttpStatus(url, status -> status >= 200 && status < 300, timeout);
    }

    /** Waits until a GET of {@code url} answers a status that {@code accepted} takes; returns it. */
    public static int awaitHttpStatus(String url, Predicate<Integer> accepted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no attempt";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            try {
                int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (accepted.test(status)) {
                    return status;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + url, e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " did not answer as expected within " + timeout.toMillis()
                        + " ms; last: " + last);
            }
            sleep(Duration.ofMillis(25));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
