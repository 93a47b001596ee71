package io.mcpfleet.manager.api;

import io.mcpfleet.api.HealthReport;
import io.mcpfleet.api.ScaleRequest;
import io.mcpfleet.api.ScaleResponse;
import io.mcpfleet.api.ServiceInstances;
import io.mcpfleet.api.ServiceStatus;
import io.mcpfleet.api.ServiceSummary;
import io.mcpfleet.api.StartResponse;
import io.mcpfleet.api.StopResponse;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import io.mcpfleet.manager.lifecycle.Starting;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The manager's REST API (DESIGN.md, contracts). Long operations return futures, so a start that
 * waits for health holds no request thread.
 */
@RestController
@RequestMapping(path = "/services", produces = "application/json")
class ServicesController {

    /** Beyond the service's own start-up timeout, for the container create and start themselves. */
    private static final Duration START_MARGIN = Duration.ofSeconds(10);

    private final FleetLifecycle fleet;
    private final Views views;

    ServicesController(FleetLifecycle fleet, Views views) {
        this.fleet = fleet;
        this.views = views;
    }

    @GetMapping
    List<ServiceSummary> list() {
        return fleet.services().stream().map(views::summary).toList();
    }

    @GetMapping("/health")
    List<HealthReport> healthOfAll() {
        return fleet.services().stream().map(views::health).toList();
    }

    @PostMapping("/{name}/start")
    CompletableFuture<StartResponse> start(@PathVariable String name,
                                           @RequestParam(defaultValue = "true") boolean wait,
                                           @Parameter(description = "why the service is started: `api` (the default) "
                                                   + "or `learn-tools`, a start only to learn its tools, which goes "
                                                   + "back to sleep if it fails and nobody else asked for the service")
                                           @RequestParam(required = false) String reason) {
        ServiceSnapshot before = fleet.service(name);
        Starting starting = learnTools(reason) ? fleet.startToLearn(name) : fleet.start(name, "api");
        if (!wait) {
            return starting.accepted().thenApply(s -> new StartResponse(s.healthy() > 0 ? "started" : "starting",
                    s.instances().stream().filter(Instance::active).map(Instance::id).findFirst().orElse(null),
                    s.state()));
        }
        Duration timeout = before.spec().health().startupTimeout().plus(START_MARGIN);
        return starting.ready().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(i -> new StartResponse("started", i.id(), fleet.service(name).state()));
    }

    private static boolean learnTools(String reason) {
        if (reason == null || reason.equals("api")) {
            return false;
        }
        if (reason.equals(FleetLifecycle.LEARN_TOOLS)) {
            return true;
        }
        throw new BadRequestException("parameter 'reason' must be api or " + FleetLifecycle.LEARN_TOOLS + ", got '"
                + (reason.length() > 20 ? reason.substring(0, 20) + "..." : reason) + "'");
    }

    @PostMapping("/{name}/stop")
    CompletableFuture<StopResponse> stop(@PathVariable String name) {
        return fleet.stop(name, "api").thenApply(s -> new StopResponse("stopped"));
    }

    @Operation(summary = "Put a service to sleep now",
            description = "Drains it, then stops or pauses it as its sleep policy says; the next call wakes it.")
    @PostMapping("/{name}/sleep")
    CompletableFuture<StopResponse> sleep(@PathVariable String name) {
        return fleet.sleep(name, "api").thenApply(s -> new StopResponse(s.asleep() ? "asleep" : s.state().wireName()));
    }

    @PostMapping("/{name}/scale")
    CompletableFuture<ScaleResponse> scale(@PathVariable String name,
                                           @RequestParam(name = "replicas", required = false) String query,
                                           @RequestBody(required = false) ScaleRequest body) {
        fleet.service(name);
        Integer replicas = query == null ? null : count(query);
        Integer fromBody = body == null ? null : body.replicas();
        if (replicas == null && fromBody == null) {
            throw new BadRequestException("give the replica count as ?replicas=N or a body {\"replicas\": N}");
        }
        if (replicas != null && fromBody != null && !replicas.equals(fromBody)) {
            throw new BadRequestException("?replicas=" + replicas + " and the body's replicas " + fromBody + " differ");
        }
        int n = replicas != null ? replicas : fromBody;
        return fleet.scale(name, n, "api").thenApply(s -> new ScaleResponse("scaled", n));
    }

    /**
     * Decimal digits only: Spring's own conversion would also take {@code 0x2} or {@code #2}, which
     * no one means as a replica count.
     */
    private static int count(String text) {
        if (!text.matches("-?[0-9]{1,9}")) {
            throw new BadRequestException("parameter 'replicas' must be an integer, got '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        return Integer.parseInt(text);
    }

    @GetMapping("/{name}/status")
    ServiceStatus status(@PathVariable String name) {
        return views.status(fleet.service(name));
    }

    @GetMapping("/{name}/health")
    HealthReport health(@PathVariable String name) {
        return views.health(fleet.service(name));
    }

    @GetMapping("/{name}/instances")
    ServiceInstances instances(@PathVariable String name) {
        return views.instances(fleet.service(name));
    }
}
