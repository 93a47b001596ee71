package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;

/** {@code remove}: forced, with its anonymous volumes. Missing, or already being removed, is removed. */
final class ContainerRemove {

    private final DockerClient docker;
    private final ContainerNames names;

    ContainerRemove(DockerClient docker, ContainerNames names) {
        this.docker = docker;
        this.names = names;
    }

    void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException alreadyGone) {
            // wanted state reached
        } catch (ConflictException e) {
            if (!DockerErrors.messageContains(e, "already in progress")) {
                throw DockerErrors.map("remove", names.describe(id), e);
            }
        } catch (RuntimeException e) {
            throw DockerErrors.map("remove", names.describe(id), e);
        }
        names.forget(id);
    }
}
