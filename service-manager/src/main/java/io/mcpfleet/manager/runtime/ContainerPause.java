package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;

/** {@code pause}: freezes the cgroup. A paused container is paused (the engine answers "is already paused"). */
final class ContainerPause {

    private final DockerClient docker;
    private final ContainerNames names;

    ContainerPause(DockerClient docker, ContainerNames names) {
        this.docker = docker;
        this.names = names;
    }

    void pause(String id) {
        try {
            docker.pauseContainerCmd(id).exec();
        } catch (DockerException e) {
            // "is not running" stays an error: a stopped container cannot be frozen
            if (!DockerErrors.messageContains(e, "is already paused")) {
                throw DockerErrors.map("pause", names.describe(id), e);
            }
        } catch (RuntimeException e) {
            throw DockerErrors.map("pause", names.describe(id), e);
        }
    }
}
