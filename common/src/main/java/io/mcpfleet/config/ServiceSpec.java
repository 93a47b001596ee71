package io.mcpfleet.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One MCP server of the fleet, as {@code services.yml} declares it (defaults merged, variables
 * expanded, sizes and durations parsed). Immutable; the loader builds it, tests build it with
 * {@link #builder(String, String, int)}.
 *
 * @param name        the service name: {@code [a-z0-9][a-z0-9-]*}, at most {@value #MAX_NAME_LENGTH} chars
 * @param image       the container image, e.g. {@code mcp/sequentialthinking:latest}
 * @param command     the container command (arguments after the entrypoint); empty: the image's own
 * @param entrypoint  the container entrypoint; empty: the image's own
 * @param port        the container port that serves MCP (and the health check); 0 for a stdio service
 * @param transport   how the server speaks MCP: Streamable HTTP on {@code port}, or stdio through the manager's bridge
 * @param environment environment variables for the container, after {@code ${VAR}} expansion
 * @param labels      extra container labels (the {@code io.mcpfleet.} prefix is reserved)
 * @param resources   memory and CPU limits
 * @param autoStart   start {@code replicas.min} (at least one) instance when the manager starts
 * @param sleepPolicy when and how an idle service sleeps
 * @param replicas    bounds for scaling
 * @param health      how the manager probes each instance
 * @param mcp         where and how the server speaks MCP
 * @param routing     how the router sends calls to this service
 * @param autoscale   load-based scaling between {@code replicas.min} and {@code replicas.max}
 * @param hardening   container security options
 * @param network     network access of the containers
 * @param placement   where Swarm may place the instances (constraints); refused on fleet.runtime docker
 * @param stdio       the bridge's limits for a stdio service (kept, unused, for an HTTP one)
 * @param tools       tools declared in the file (listed before the server has ever run); may be empty
 */
public record ServiceSpec(
        String name,
        String image,
        List<String> command,
        List<String> entrypoint,
        int port,
        Transport transport,
        Map<String, String> environment,
        Map<String, String> labels,
        Resources resources,
        boolean autoStart,
        SleepPolicy sleepPolicy,
        Replicas replicas,
        HealthCheck health,
        McpEndpoint mcp,
        Routing routing,
        Autoscale autoscale,
        Hardening hardening,
        NetworkAccess network,
        Placement placement,
        StdioSettings stdio,
        List<ToolSpec> tools) {

    public static final int MAX_NAME_LENGTH = 48;
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    public static final String RESERVED_LABEL_PREFIX = "io.mcpfleet.";

    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("service name '" + name + "' must match " + NAME
                    + " and be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("service " + name + ": image is required");
        }
        transport = transport == null ? Transport.HTTP : transport;
        if (transport == Transport.HTTP && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("service " + name + ": port " + port + " is outside 1-65535");
        }
        if (transport == Transport.STDIO && port != 0) {
            throw new IllegalArgumentException("service " + name + ": a stdio service has no port (got " + port + ")");
        }
        command = List.copyOf(command == null ? List.of() : command);
        entrypoint = List.copyOf(entrypoint == null ? List.of() : entrypoint);
        environment = Maps.copyOrdered(environment);
        labels = Maps.copyOrdered(labels);
        for (String key : labels.keySet()) {
            if (key.startsWith(RESERVED_LABEL_PREFIX)) {
                throw new IllegalArgumentException("service " + name + ": label " + key
                        + " uses the reserved prefix " + RESERVED_LABEL_PREFIX);
            }
        }
        resources = resources == null ? Resources.UNLIMITED : resources;
        sleepPolicy = sleepPolicy == null ? SleepPolicy.DEFAULT : sleepPolicy;
        replicas = replicas == null ? Replicas.DEFAULT : replicas;
        health = health == null ? HealthCheck.DEFAULT : health;
        mcp = mcp == null ? McpEndpoint.DEFAULT : mcp;
        routing = routing == null ? Routing.DEFAULT : routing;
        autoscale = autoscale == null ? Autoscale.DEFAULT : autoscale;
        hardening = hardening == null ? Hardening.DEFAULT : hardening;
        network = network == null ? NetworkAccess.DEFAULT : network;
        placement = placement == null ? Placement.NONE : placement;
        stdio = stdio == null ? StdioSettings.DEFAULT : stdio;
        if (transport == Transport.STDIO && !mcp.path().equals(McpEndpoint.DEFAULT.path())) {
            throw new IllegalArgumentException("service " + name + ": a stdio service is served by the manager's bridge"
                    + " at " + McpEndpoint.DEFAULT.path() + ", not " + mcp.path());
        }
        if (transport == Transport.STDIO && health.type() != HealthCheckType.MCP) {
            throw new IllegalArgumentException("service " + name + ": a stdio service is probed with an MCP ping over"
                    + " its pipe; health.type " + health.type().yamlName() + " needs a port");
        }
        tools = List.copyOf(tools == null ? List.of() : tools);
    }

    /** A builder with every optional part at its default, for tests and programmatic fleets. */
    public static Builder builder(String name, String image, int port) {
        return new Builder(name, image, port);
    }

    /** A builder for a {@code transport: stdio} service (no port), every optional part at its default. */
    public static Builder stdioBuilder(String name, String image) {
        return new Builder(name, image, 0).transport(Transport.STDIO);
    }

    /** Whether the manager bridges this service's stdio (no port of its own). */
    public boolean stdioTransport() {
        return transport == Transport.STDIO;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable companion for building a spec in code; {@link #build()} validates. */
    public static final class Builder {
        private String name;
        private String image;
        private int port;
        private Transport transport = Transport.HTTP;
        private List<String> command = List.of();
        private List<String> entrypoint = List.of();
        private Map<String, String> environment = Map.of();
        private Map<String, String> labels = Map.of();
        private Resources resources = Resources.UNLIMITED;
        private boolean autoStart;
        private SleepPolicy sleepPolicy = SleepPolicy.DEFAULT;
        private Replicas replicas = Replicas.DEFAULT;
        private HealthCheck health = HealthCheck.DEFAULT;
        private McpEndpoint mcp = McpEndpoint.DEFAULT;
        private Routing routing = Routing.DEFAULT;
        private Autoscale autoscale = Autoscale.DEFAULT;
        private Hardening hardening = Hardening.DEFAULT;
        private NetworkAccess network = NetworkAccess.DEFAULT;
        private Placement placement = Placement.NONE;
        private StdioSettings stdio = StdioSettings.DEFAULT;
        private List<ToolSpec> tools = List.of();

        private Builder(String name, String image, int port) {
            this.name = name;
            this.image = image;
            this.port = port;
        }

        private Builder(ServiceSpec s) {
            this(s.name, s.image, s.port);
            transport = s.transport;
            command = s.command;
            entrypoint = s.entrypoint;
            environment = s.environment;
            labels = s.labels;
            resources = s.resources;
            autoStart = s.autoStart;
            sleepPolicy = s.sleepPolicy;
            replicas = s.replicas;
            health = s.health;
            mcp = s.mcp;
            routing = s.routing;
            autoscale = s.autoscale;
            hardening = s.hardening;
            network = s.network;
            placement = s.placement;
            stdio = s.stdio;
            tools = s.tools;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder transport(Transport v) { transport = v; return this; }
        public Builder command(List<String> v) { command = v; return this; }
        public Builder entrypoint(List<String> v) { entrypoint = v; return this; }
        public Builder environment(Map<String, String> v) { environment = v; return this; }
        public Builder labels(Map<String, String> v) { labels = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder autoStart(boolean v) { autoStart = v; return this; }
        public Builder sleepPolicy(SleepPolicy v) { sleepPolicy = v; return this; }
        public Builder replicas(Replicas v) { replicas = v; return this; }
        public Builder health(HealthCheck v) { health = v; return this; }
        public Builder mcp(McpEndpoint v) { mcp = v; return this; }
        public Builder routing(Routing v) { routing = v; return this; }
        public Builder autoscale(Autoscale v) { autoscale = v; return this; }
        public Builder hardening(Hardening v) { hardening = v; return this; }
        public Builder network(NetworkAccess v) { network = v; return this; }
        public Builder placement(Placement v) { placement = v; return this; }
        public Builder stdio(StdioSettings v) { stdio = v; return this; }
        public Builder tools(List<ToolSpec> v) { tools = v; return this; }

        public ServiceSpec build() {
            return new ServiceSpec(name, image, command, entrypoint, port, transport, environment, labels, resources,
                    autoStart, sleepPolicy, replicas, health, mcp, routing, autoscale, hardening, network, placement,
                    stdio, tools);
        }
    }
}
