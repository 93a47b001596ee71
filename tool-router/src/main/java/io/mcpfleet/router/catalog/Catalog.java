package io.mcpfleet.router.catalog;

import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.FleetListener;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.ServiceView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every tool, prompt, resource and resource template of every service, asleep or not. A service's
 * are the ones learned from a running instance (persisted across restarts) or, until then, the
 * tools {@code services.yml} declares. Reads are one volatile load of an immutable
 * {@link CatalogSnapshot} (tools) or {@link PrimitiveSnapshot} (the rest).
 *
 * <p>Collisions are resolved the same way everywhere: the service whose name sorts first wins a
 * contested name or URI; templates are tried in that order too, and a URI a service lists wins
 * over any template. Each contested name is logged once and counted in
 * {@code fleet_router_catalog_shadowed{kind}}.
 */
@Component
public class Catalog implements FleetListener {

    private static final Logger log = LoggerFactory.getLogger(Catalog.class);

    private final FleetView fleet;
    private final ToolNaming naming;
    private final CatalogStore store;
    private final JsonMapper json;
    private final Map<String, Listing> learned = new ConcurrentHashMap<>();
    private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> warnedCollisions = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> shadowed = new ConcurrentHashMap<>();
    private volatile CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;
    private volatile PrimitiveSnapshot primitives = PrimitiveSnapshot.EMPTY;

    Catalog(FleetView fleet, RouterProperties properties, JsonMapper json, MeterRegistry registry) {
        this.fleet = fleet;
        this.naming = new ToolNaming(properties.tools());
        this.store = new CatalogStore(properties.dataDir(), json);
        this.json = json;
        for (String kind : List.of("tool", "prompt", "resource", "template")) {
            AtomicInteger count = new AtomicInteger();
            shadowed.put(kind, count);
            Gauge.builder("fleet_router_catalog_shadowed", count, AtomicInteger::get)
                    .description("Entries hidden by another service's of the same name or URI (the service that "
                            + "sorts first wins)").tag("kind", kind).register(registry);
        }
        learned.putAll(store.load());
        learned.keySet().forEach(fleet::addIfAbsent);
        fleet.addListener(this);
        rebuild();
    }

    public CatalogSnapshot snapshot() {
        return snapshot;
    }

    public PrimitiveSnapshot primitives() {
        return primitives;
    }

    public void addListener(CatalogListener listener) {
        listeners.add(listener);
    }

    /**
     * The one service of a fleet of one with bare names ({@code fleet.tools.prefix=none}), else
     * {@code null}. Such a fleet is transparent: a name or URI its catalog does not know goes to that
     * service, whose own answer the client gets (the server is the authority on what it accepts;
     * it may take tools, prompts or URIs it does not list).
     */
    public String soleService() {
        if (naming.prefixed()) {
            return null;
        }
        var services = fleet.services();
        return services.size() == 1 ? services.iterator().next().name() : null;
    }

    /** Whether the service's tools are known (learned or declared). */
    public boolean knowsToolsOf(ServiceView service) {
        return learned.containsKey(service.name()) || !service.routing().declaredTools().isEmpty();
    }

    /** Records what a running instance listed; persists and notifies when it changed. */
    public void learned(String service, Listing listing) {
        Listing before = learned.put(service, listing);
        if (!listing.equals(before)) {
            log.info("learned service {}: {} tools, {} prompts, {} resources, {} resource templates", service,
                    listing.tools().size(), listing.prompts().size(), listing.resources().size(),
                    listing.templates().size());
            store.save(new TreeMap<>(learned));
        }
        rebuild();
    }

    @Override
    public void serviceChanged(ServiceView before, ServiceView after) {
        if (before == null || !before.routing().declaredTools().equals(after.routing().declaredTools())) {
            rebuild();
        }
    }

    @Override
    public void serviceRemoved(ServiceView last) {
        if (learned.remove(last.name()) != null) {
            store.save(new TreeMap<>(learned));
        }
        rebuild();
    }

    private synchronized void rebuild() {
        List<ToolEntry> entries = new ArrayList<>();
        List<PromptEntry> prompts = new ArrayList<>();
        List<ResourceEntry> resources = new ArrayList<>();
        List<TemplateEntry> templates = new ArrayList<>();
        Claims claims = new Claims();
        List<ServiceView> services = new ArrayList<>(fleet.services());
        services.sort(java.util.Comparator.comparing(ServiceView::name));
        for (ServiceView service : services) {
            String name = service.name();
            Listing listing = learned.get(name);
            if (listing == null) {
                listing = Listing.ofTools(service.routing().declaredTools().stream()
                        .map(m -> (JsonNode) json.valueToTree(m)).toList());
            }
            for (JsonNode tool : unique(listing.tools(), "name")) {
                String own = tool.path("name").asString();
                String exposed = naming.expose(name, own);
                if (claims.first("tool", exposed, name)) {
                    entries.add(entry(name, own, exposed, tool));
                }
            }
            for (JsonNode prompt : unique(listing.prompts(), "name")) {
                String own = prompt.path("name").asString();
                String exposed = naming.expose(name, own);
                if (claims.first("prompt", exposed, name)) {
                    prompts.add(new PromptEntry(exposed, name, own, renamed(prompt, exposed)));
                }
            }
            for (JsonNode resource : unique(listing.resources(), "uri")) {
                String uri = resource.path("uri").asString();
                if (claims.first("resource", uri, name)) {
                    resources.add(new ResourceEntry(uri, name, json.writeValueAsBytes(resource)));
                }
            }
            for (JsonNode template : unique(listing.templates(), "uriTemplate")) {
                String text = template.path("uriTemplate").asString();
                try {
                    UriTemplate matcher = UriTemplate.parse(text);
                    if (claims.first("template", text, name)) {
                        templates.add(new TemplateEntry(text, name, matcher, json.writeValueAsBytes(template)));
                    }
                } catch (IllegalArgumentException e) {
                    log.warn("service {} lists a resource template that is not one, left out: {}", name,
                            e.getMessage());
                }
            }
        }
        claims.report();
        CatalogSnapshot next = new CatalogSnapshot(entries);
        PrimitiveSnapshot nextPrimitives = new PrimitiveSnapshot(prompts, resources, templates);
        boolean toolsChanged = !next.sameAs(snapshot);
        boolean promptsChanged = !nextPrimitives.samePrompts(primitives);
        boolean resourcesChanged = !nextPrimitives.sameResources(primitives);
        snapshot = next;
        primitives = nextPrimitives;
        if (toolsChanged) {
            listeners.forEach(CatalogListener::toolsChanged);
        }
        if (promptsChanged) {
            listeners.forEach(CatalogListener::promptsChanged);
        }
        if (resourcesChanged) {
            listeners.forEach(CatalogListener::resourcesChanged);
        }
    }

    /** The elements with a non-empty string key, each key once (a server's duplicates are its own bug). */
    private static List<JsonNode> unique(List<JsonNode> elements, String key) {
        Set<String> seen = new HashSet<>();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : elements) {
            String value = e.path(key).asString(null);
            if (value != null && !value.isEmpty() && seen.add(value)) {
                out.add(e);
            }
        }
        return out;
    }

    private byte[] renamed(JsonNode element, String exposed) {
        ObjectNode copy = (ObjectNode) element.deepCopy();
        copy.put("name", exposed);
        return json.writeValueAsBytes(copy);
    }

    /** Who claimed each name or URI, per kind, in claiming order (services by name). */
    private final class Claims {
        private final Map<String, Map<String, List<String>>> byKind = new LinkedHashMap<>();

        /** Records the claim; whether {@code service} is the first to make it. */
        boolean first(String kind, String key, String service) {
            List<String> claim = byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>())
                    .computeIfAbsent(key, k -> new ArrayList<>());
            claim.add(service);
            return claim.size() == 1;
        }

        void report() {
            shadowed.forEach((kind, count) -> count.set(0));
            byKind.forEach((kind, claims) -> claims.forEach((key, services) -> {
                if (services.size() < 2) {
                    return;
                }
                shadowed.get(kind).addAndGet(services.size() - 1);
                if (warnedCollisions.add(kind + ":" + key + "=" + services)) {
                    boolean named = kind.equals("tool") || kind.equals("prompt");
                    log.warn("{} {} is offered by services {}; only {} is reachable under that {} (the service "
                            + "whose name sorts first wins{})", named ? kind + " name" : kind, key, services,
                            services.get(0), named ? "name" : "URI", named
                                    ? "; set fleet.tools.prefix=service to expose every " + kind : "");
                }
            }));
        }
    }

    private ToolEntry entry(String service, String name, String exposed, JsonNode tool) {
        ObjectNode copy = (ObjectNode) tool.deepCopy();
        copy.put("name", exposed);
        JsonNode annotations = tool.path("annotations");
        return new ToolEntry(exposed, service, name, annotations.path("readOnlyHint").asBoolean(false),
                annotations.path("idempotentHint").asBoolean(false), json.writeValueAsBytes(copy));
    }
}
