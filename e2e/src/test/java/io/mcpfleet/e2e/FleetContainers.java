package io.mcpfleet.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.TestLabels;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The containers one fleet's manager made, found by its labels ({@code io.mcpfleet.fleet},
 * {@code io.mcpfleet.service}), and the faults a test inflicts on them behind the manager's back.
 */
public final class FleetContainers {

    private static final String SERVICE_LABEL = "io.mcpfleet.service";

    private final String fleetName;

    FleetContainers(String fleetName) {
        this.fleetName = fleetName;
    }

    /** Every container of {@code service}, in any state. */
    public List<Container> all(String service) {
        return docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TestLabels.FLEET, fleetName, SERVICE_LABEL, service)).exec();
    }

    /** The running containers of {@code service}. */
    public List<Container> running(String service) {
        return all(service).stream().filter(c -> "running".equals(c.getState())).toList();
    }

    /** The ids of the running containers of {@code service}. */
    public List<String> runningIds(String service) {
        return running(service).stream().map(Container::getId).toList();
    }

    /** The full id of this fleet's container whose id starts with {@code prefix} (a mimic's {@code whoami}). */
    public String idStartingWith(String prefix) {
        return docker().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TestLabels.FLEET, fleetName))
                .exec().stream().map(Container::getId).filter(id -> id.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("fleet " + fleetName + " has no container " + prefix + "..."));
    }

    /**
     * Every container of this fleet, in any state, as id -> "state since startedAt": a container
     * that was stopped and started again, or replaced, shows as a different entry.
     */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        for (Container c : docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TestLabels.FLEET, fleetName)).exec()) {
            InspectContainerResponse.ContainerState state = docker().inspectContainerCmd(c.getId()).exec().getState();
            states.put(c.getId(), c.getLabels().get(SERVICE_LABEL) + " " + state.getStatus() + " since "
                    + state.getStartedAt());
        }
        return states;
    }

    /** {@code docker kill}: SIGKILL, as a crash or the OOM killer would; the engine reports the death. */
    public void kill(String containerId) {
        docker().killContainerCmd(containerId).exec();
    }

    /**
     * Freezes the server inside the container (SIGSTOP to every process but the init) while the
     * container stays "running" to Docker: connections are accepted by the kernel and never
     * answered, like a hung server. Unlike {@code docker pause}, the engine reports nothing, so
     * only the callers (the router's breakers) can notice. Needs {@code sh}, {@code kill} and
     * {@code ps} in the image (the mimic's busybox has them).
     */
    public void freeze(String containerId) {
        exec(containerId, "for p in $(ps -o pid=); do"
                + " [ \"$p\" = 1 ] || [ \"$p\" = $$ ] || kill -STOP \"$p\" 2>/dev/null; done; true");
    }

    /** Removes every container of this fleet, in any state (and its Swarm services, on fleet.runtime swarm); returns how many. */
    public int removeAll() {
        return removeServices() + DockerTestSupport.removeContainersByLabel(TestLabels.FLEET, fleetName);
    }

    /** The fleet's Swarm services (an instance each, on fleet.runtime swarm). */
    public List<com.github.dockerjava.api.model.Service> services(String service) {
        return docker().listServicesCmd().withLabelFilter(Map.of(TestLabels.FLEET, fleetName, SERVICE_LABEL, service))
                .exec();
    }

    private int removeServices() {
        if (!Boolean.TRUE.equals(docker().infoCmd().exec().getSwarm().getControlAvailable())) {
            return 0;
        }
        List<com.github.dockerjava.api.model.Service> services = docker().listServicesCmd()
                .withLabelFilter(Map.of(TestLabels.FLEET, fleetName)).exec();
        services.forEach(s -> docker().removeServiceCmd(s.getId()).exec());
        return services.size();
    }

    /** Runs {@code sh -c script} in the container and returns its output. */
    public String exec(String containerId, String script) {
        ExecCreateCmdResponse exec = docker().execCreateCmd(containerId).withCmd("sh", "-c", script)
                .withAttachStdout(true).withAttachStderr(true).exec();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            boolean done = docker().execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.writeBytes(frame.getPayload());
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            if (!done) {
                throw new AssertionError("sh -c '" + script + "' in " + containerId + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a command in " + containerId, e);
        }
        return out.toString();
    }

    private static DockerClient docker() {
        return DockerTestSupport.client();
    }
}
