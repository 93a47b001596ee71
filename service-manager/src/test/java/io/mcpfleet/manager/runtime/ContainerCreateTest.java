package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Capability;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerCreateTest {

    @Test
    void capabilitiesAreAcceptedInEveryUsualSpelling() {
        assertThat(ContainerCreate.capabilities(List.of("ALL", "cap_net_admin", "net_bind_service"), "c"))
                .containsExactly(Capability.ALL, Capability.NET_ADMIN, Capability.NET_BIND_SERVICE);
    }

    @Test
    void unknownCapabilityNamesTheContainerAndTheCapability() {
        assertThatThrownBy(() -> ContainerCreate.capabilities(List.of("FLY"), "fleet-foo-1"))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessage("cannot create container fleet-foo-1: unknown Linux capability FLY");
    }
}
