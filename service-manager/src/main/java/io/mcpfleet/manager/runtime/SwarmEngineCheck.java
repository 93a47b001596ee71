package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import java.util.List;

/** Start-up checks of the engine a Swarm runtime drives: a swarm manager, and attachable overlay networks. */
final class SwarmEngineCheck {

    private SwarmEngineCheck() {
    }

    /**
     * Throws unless the engine is a manager of an active swarm; returns the engine's own node id.
     * Read from {@link EngineInfo}'s tree, as the memory budget is (docker-java's {@code Info}
     * binding costs the start-up thread 130-150 ms).
     */
    static String requireManager(DockerClient docker, String engine) {
        JsonNode swarm = new EngineInfo(docker, engine).swarm();
        String state = swarm.path("LocalNodeState").asText("");
        if (!state.equals("active") || !swarm.path("ControlAvailable").asBoolean(false)) {
            String now = state.isEmpty() || state.equals("inactive") ? "no swarm"
                    : state.equals("active") ? "a worker node" : "swarm " + state;
            throw new RuntimeSettingException("fleet.runtime", "swarm needs a swarm manager, but the " + engine
                    + " is " + now + "; run `docker swarm init` there (or point DOCKER_HOST at a manager), "
                    + "or set FLEET_RUNTIME=docker");
        }
        return swarm.path("NodeID").asText();
    }

    /**
     * stdio services run on the manager's own node (the bridge attaches through this engine), so the
     * node must take tasks: not drained, not paused.
     */
    static void requireTaskNode(DockerClient docker, String node, String engine, List<String> stdioServices) {
        SwarmNode self = docker.listSwarmNodesCmd().withIdFilter(List.of(node)).exec().stream().findFirst()
                .orElseThrow(() -> new RuntimeSettingException("fleet.runtime", "the " + engine + " is swarm node "
                        + node + ", which the swarm does not list"));
        SwarmNodeAvailability availability = self.getSpec() == null ? null : self.getSpec().getAvailability();
        if (availability != SwarmNodeAvailability.ACTIVE) {
            throw new RuntimeSettingException("fleet.runtime", "the stdio services " + stdioServices + " run on "
                    + "the manager's own swarm node (the bridge attaches to their tasks through its engine), but node "
                    + node + " (the " + engine + ") has availability "
                    + (availability == null ? "unknown" : availability.name().toLowerCase(java.util.Locale.ROOT))
                    + " and takes no tasks; make it active (`docker node update --availability active " + node
                    + "`), or run the fleet's stdio services on fleet.runtime docker");
        }
    }

    /** A network instance services join: it must exist, span the swarm, and let the manager's containers attach. */
    static void requireAttachableOverlay(DockerClient docker, String key, String network) {
        if (network == null || network.isBlank()) {
            return;
        }
        Network found;
        try {
            found = docker.inspectNetworkCmd().withNetworkId(network).exec();
        } catch (NotFoundException e) {
            throw new RuntimeSettingException(key, "network " + network + " does not exist; create it with "
                    + "`docker network create -d overlay --attachable " + network + "`");
        }
        if (!"overlay".equals(found.getDriver()) || !Boolean.TRUE.equals(found.isAttachable())) {
            throw new RuntimeSettingException(key, "network " + network + " is " + ("overlay".equals(found.getDriver())
                    ? "an overlay network that is not attachable" : "a " + found.getDriver() + " network")
                    + "; Swarm services and the fleet's router need an attachable overlay network: "
                    + "`docker network create -d overlay --attachable " + network + "`");
        }
    }
}
