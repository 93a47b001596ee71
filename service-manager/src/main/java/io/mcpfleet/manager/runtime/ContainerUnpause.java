package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;

/** {@code unpause}: thaws the cgroup. A container that is not paused is unpaused (409 "is not paused"). */
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
        } catch (ConflictException e) {
            if (!DockerErrors.messageContains(e, "is not paused")) {
                throw DockerErrors.map("unpause", names.describe(id), e);
            }
        } catch (RuntimeException e) {
            throw DockerErrors.map("unpause", names.describe(id), e);
        }
    }
}
