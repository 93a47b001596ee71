package io.mcpfleet.router.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The tool-router's settings ({@code fleet.*}). Per-service routing settings (balancing,
 * timeouts, retry, queue) are not here: they come from {@code services.yml} through the manager.
 *
 * @param managerUrl      base URL of the service-manager's REST API [FLEET_MANAGER_URL]
 * @param apiToken        bearer token sent to the manager, when set [FLEET_API_TOKEN]
 * @param routerToken     bearer token MCP clients must send, when set [FLEET_ROUTER_TOKEN]
 * @param allowedHosts    host names accepted in {@code Host} and {@code Origin} besides localhost, 127.0.0.1 and [::1] [FLEET_ALLOWED_HOSTS]
 * @param dataDir         where the router keeps its files (the tool catalog) [FLEET_DATA_DIR]
 * @param routerId        this router's id in activity reports; empty: the host name and process id
 * @param sessions        client session settings
 * @param tools           how tools are named and listed
 * @param limits          request limits
 * @param backend         how the router talks to MCP servers
 * @param breaker         the per-instance circuit breaker
 * @param discovery       how the router follows the manager
 * @param activity        how the router reports its activity to the manager
 * @param inputs          2025 servers' questions to 2026-07-28 clients, held as input_required rounds
 */
@Validated
@ConfigurationProperties("fleet")
public record RouterProperties(
        @NotNull @DefaultValue("http://localhost:9000") URI managerUrl,
        String apiToken,
        String routerToken,
        @NotNull @DefaultValue("") List<String> allowedHosts,
        @NotNull @DefaultValue("./data") Path dataDir,
        @DefaultValue("") String routerId,
        @Valid @NotNull @DefaultValue Sessions sessions,
        @Valid @NotNull @DefaultValue Tools tools,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Backend backend,
        @Valid @NotNull @DefaultValue Breaker breaker,
        @Valid @NotNull @DefaultValue Discovery discovery,
        @Valid @NotNull @DefaultValue Activity activity,
        @Valid @NotNull @DefaultValue Inputs inputs) {

    /**
     * A 2025 server's request to a 2026-07-28 client (sampling, elicitation, roots) becomes an
     * {@code input_required} result while the server's call is held open for the client's retry.
     *
     * @param timeout how long a held call waits for the client's retry before it is cancelled
     * @param maxOpen most rounds open at a time (each holds a backend call); past it the server's request is refused
     */
    public record Inputs(
            @NotNull @DefaultValue("60s") Duration timeout,
            @Min(1) @DefaultValue("1000") int maxOpen) {
    }

    /**
     * Client sessions ({@code Mcp-Session-Id}).
     *
     * @param idleTimeout a session with no request and nothing in flight for this long ends (404 afterwards)
     * @param keepAlive   interval of SSE comments on open GET streams, so dead clients are noticed
     * @param key         the key session ids are sealed with; router replicas behind one address share it, so a
     *                    session opened on one is taken up by another (env {@code FLEET_SESSION_KEY}); unset: a
     *                    key of this process, and sessions stay on the router that opened them
     */
    public record Sessions(
            @NotNull @DefaultValue("30m") Duration idleTimeout,
            @NotNull @DefaultValue("15s") Duration keepAlive,
            String key) {
    }

    /**
     * Tool naming and listing.
     *
     * @param prefix    {@code service}: expose {@code <service><separator><tool>}; {@code none}: the bare tool name
     * @param separator between service and tool name in {@code service} mode; it must hold a character
     *                  that service names cannot ({@code [a-z0-9-]} only), else {@code a-b} + {@code c}
     *                  and {@code a} + {@code b-c} could both be {@code a-b-c}
     * @param pageSize  most tools in one {@code tools/list} page
     */
    public record Tools(
            @NotNull @DefaultValue("service") PrefixMode prefix,
            @NotBlank @Pattern(regexp = "(?s).*[^a-z0-9-].*", message = "must contain a character other than a-z, "
                    + "0-9 and '-' (service names are made of those, so such a separator could make two services' "
                    + "tools one name)") @DefaultValue("__") String separator,
            @Min(1) @DefaultValue("500") int pageSize) {
    }

    /** How exposed tool names are formed. */
    public enum PrefixMode {
        /** {@code <service><separator><tool>}: always unique. */
        SERVICE,
        /** The tool's own name: only when names are unique across the fleet (collisions are logged). */
        NONE
    }

    /**
     * Limits on what clients send and backends answer.
     *
     * @param maxRequestSize       largest POST body (413 beyond)
     * @param maxJsonDepth         deepest JSON nesting accepted (parse error beyond)
     * @param maxBackendMessageSize largest single message a backend may send (a JSON body or one SSE event)
     */
    public record Limits(
            @NotNull @DefaultValue("4MB") DataSize maxRequestSize,
            @Min(4) @DefaultValue("64") int maxJsonDepth,
            @NotNull @DefaultValue("32MB") DataSize maxBackendMessageSize) {
    }

    /**
     * Talking to MCP servers.
     *
     * @param connectTimeout       TCP connect timeout to an instance
     * @param setupTimeout         how long opening a backend session ({@code initialize}) may take
     * @param wakeProgressInterval how often a held call whose client sent a progress token hears progress
     */
    public record Backend(
            @NotNull @DefaultValue("2s") Duration connectTimeout,
            @NotNull @DefaultValue("10s") Duration setupTimeout,
            @NotNull @DefaultValue("1s") Duration wakeProgressInterval) {
    }

    /**
     * The circuit breaker of each instance (one registry, one breaker per instance id).
     *
     * @param failureRateThreshold   percentage of failed calls that opens the breaker
     * @param minimumCalls           calls needed before the failure rate counts
     * @param slidingWindowSize      calls in the count-based window
     * @param waitInOpenState        how long an open breaker keeps the instance out of rotation before a probe
     * @param permittedCallsHalfOpen probe calls in the half-open state
     */
    public record Breaker(
            @Min(1) @DefaultValue("50") int failureRateThreshold,
            @Min(1) @DefaultValue("5") int minimumCalls,
            @Min(1) @DefaultValue("20") int slidingWindowSize,
            @NotNull @DefaultValue("10s") Duration waitInOpenState,
            @Min(1) @DefaultValue("2") int permittedCallsHalfOpen) {
    }

    /**
     * Following the manager.
     *
     * @param resyncInterval   full resync with {@code GET /services} this often (and after each reconnect)
     * @param reconnectMin     first back-off before reconnecting the event stream
     * @param reconnectMax     longest back-off before reconnecting the event stream
     * @param requestTimeout   timeout of one REST call to the manager
     * @param learnUnknownTools start a service whose tools are unknown (never run, none declared) once, to learn them
     */
    public record Discovery(
            @NotNull @DefaultValue("30s") Duration resyncInterval,
            @NotNull @DefaultValue("100ms") Duration reconnectMin,
            @NotNull @DefaultValue("5s") Duration reconnectMax,
            @NotNull @DefaultValue("5s") Duration requestTimeout,
            @DefaultValue("true") boolean learnUnknownTools) {
    }

    /**
     * Reporting activity to the manager ({@code POST /activity}), which never puts a busy service to sleep.
     *
     * @param reportInterval how often a report is sent, busy or not (a silent router stops counting after 5 s)
     * @param debounce       how long an urgent report (an instance began to drain, or its last call ended)
     *                       waits for others to join it
     * @param drainFollowUp  a second report this long after an instance began to drain: a manager counts
     *                       only reports made some time after the drain began (its {@code fleet.drain-grace},
     *                       250 ms by default) as proof that no call still runs there
     */
    public record Activity(
            @NotNull @DefaultValue("1s") Duration reportInterval,
            @NotNull @DefaultValue("5ms") Duration debounce,
            @NotNull @DefaultValue("300ms") Duration drainFollowUp) {
    }
}
