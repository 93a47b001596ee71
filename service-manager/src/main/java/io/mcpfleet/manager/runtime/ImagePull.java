package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import io.mcpfleet.manager.lifecycle.EngineUnavailableException;
import io.mcpfleet.manager.lifecycle.ImageNotFoundException;
import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one pull {@link ContainerCreate} tries for a missing image, bounded by {@link #PULL_TIMEOUT}:
 * a fleet must not hang on a registry that is slow or (as on the test machines) absent.
 */
final class ImagePull {

    /** Without a registry the pull fails in milliseconds; with one, a small image arrives in this. */
    static final Duration PULL_TIMEOUT = Duration.ofSeconds(5);

    private final DockerClient docker;

    ImagePull(DockerClient docker) {
        this.docker = docker;
    }

    /** Pulls {@code image} for container {@code container}; throws {@link ImageNotFoundException} when it cannot. */
    void pull(String image, String container) {
        String[] repositoryAndTag = repositoryAndTag(image);
        PullOnce pull = new PullOnce();
        try {
            docker.pullImageCmd(repositoryAndTag[0]).withTag(repositoryAndTag[1]).exec(pull);
            Throwable failure = pull.await(PULL_TIMEOUT);
            if (failure != null) {
                if (DockerErrors.isEngineUnreachable(failure)) {
                    throw new EngineUnavailableException("create", container, failure);
                }
                throw new ImageNotFoundException(container, image, failure);
            }
        } finally {
            pull.close();
        }
    }

    /**
     * Splits an image reference for the pull API, which pulls every tag of a repository when the
     * tag is left out: no tag means {@code latest}; a digest reference goes whole, without a tag.
     */
    static String[] repositoryAndTag(String image) {
        if (image.contains("@")) {
            return new String[] {image, null};
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            return new String[] {image.substring(0, colon), image.substring(colon + 1)};
        }
        return new String[] {image, "latest"};
    }

    /**
     * Waits for one pull. docker-java's own callbacks log every failure at ERROR; a failed pull is an
     * expected answer here (there may be no registry), reported once, by the exception.
     */
    private static final class PullOnce implements ResultCallback<PullResponseItem> {

        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Throwable failure;
        private volatile Closeable response;

        @Override
        public void onStart(Closeable response) {
            this.response = response;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
                String why = item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : "the engine reported an error";
                failure = new IllegalStateException(why);
            }
        }

        @Override
        public void onError(Throwable error) {
            failure = error;
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        /** The failure, or null once the pull succeeded. */
        Throwable await(Duration timeout) {
            try {
                if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return new TimeoutException("pull did not finish within " + timeout.toSeconds() + " s");
                }
                return failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
        }

        @Override
        public void close() {
            Closing.quietly(response);
        }
    }
}
