package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import java.time.Duration;

/**
 * {@code stop}: SIGTERM (forwarded by the container's init), SIGKILL after the grace. A stopped
 * container (304) and a missing one (404: nothing of it runs) are both stopped.
 */
final class ContainerStop {

    private final DockerClient docker;
    private final ContainerNames names;

    ContainerStop(DockerClient docker, ContainerNames names) {
        this.docker = docker;
        this.names = names;
    }

    void stop(String id, Duration grace) {
        try {
            docker.stopContainerCmd(id).withTimeout(graceSeconds(grace)).exec();
        } catch (NotModifiedException | NotFoundException alreadyStopped) {
            // wanted state reached
        } catch (RuntimeException e) {
            throw DockerErrors.map("stop", names.describe(id), e);
        }
    }

    /**
     * The engine takes whole seconds. Rounds up, so a grace is never cut short, and caps at
     * {@link DockerClients#MAX_STOP_GRACE}: the engine answers only after the grace, and a longer
     * wait would outlast the request client's response timeout.
     */
    static int graceSeconds(Duration grace) {
        if (grace.isNegative() || grace.isZero()) {
            return 0;
        }
        long seconds = grace.toSeconds() + (grace.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.min(seconds, DockerClients.MAX_STOP_GRACE.toSeconds());
    }
}
