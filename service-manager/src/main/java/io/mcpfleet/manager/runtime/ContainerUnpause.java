package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;

/**
 * {@code unpause}: thaws the cgroup. A container that is not paused is unpaused; Docker 20.10 says so
 * with a 500 "is not paused" (409 elsewhere), hence the match on its words rather than the status.
 */
final class ContainerUnpause {

    private final DockerClient docker;
    private final ContainerNames names;

    ContainerUnpause(DockerClient docker, ContainerNames names) {
        this.docker = docker;
        this.names = names;
    }

    void unpause(String id) {
        try {
            docker.unpauseContainerCmd(id).exec();
        } catch (DockerException e) {
            if (!DockerErrors.messageContains(e, "is not paused")) {
                throw DockerErrors.map("unpause", names.describe(id), e);
            }
        } catch (RuntimeException e) {
            throw DockerErrors.map("unpause", names.describe(id), e);
        }
    }
}
