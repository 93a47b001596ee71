package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotModifiedException;

/** {@code start}: a running container is already started (the engine answers 304). */
final class ContainerStart {

    private final DockerClient docker;
    private final ContainerNames names;

    ContainerStart(DockerClient docker, ContainerNames names) {
        this.docker = docker;
        this.names = names;
    }

    void start(String id) {
        try {
            docker.startContainerCmd(id).exec();
        } catch (NotModifiedException alreadyRunning) {
            // wanted state reached
        } catch (RuntimeException e) {
            // a paused container is an error here ("try unpause instead"): the caller decides to unpause
            throw DockerErrors.map("start", names.describe(id), e);
        }
    }
}
