package io.mcpfleet.router.catalog;

import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.FleetListener;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.ServiceView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every tool of every service, asleep or not. A service's tools are the ones learned from a
 * running instance (persisted across restarts) or, until then, the ones {@code services.yml}
 * declares. Reads are one volatile load of an immutable {@link CatalogSnapshot}.
 */
@Component
public class Catalog implements FleetListener {

    private static final Logger log = LoggerFactory.getLogger(Catalog.class);

    private final FleetView fleet;
    private final ToolNaming naming;
    private final CatalogStore store;
    private final JsonMapper json;
    private final Map<String, List<JsonNode>> learned = new ConcurrentHashMap<>();
    private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> warnedCollisions = ConcurrentHashMap.newKeySet();
    private volatile CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;

    Catalog(FleetView fleet, RouterProperties properties, JsonMapper json) {
        this.fleet = fleet;
        this.naming = new ToolNaming(properties.tools());
        this.store = new CatalogStore(properties.dataDir(), json);
        this.json = json;
        learned.putAll(store.load());
        learned.keySet().forEach(fleet::addIfAbsent);
        fleet.addListener(this);
        rebuild();
    }

    public CatalogSnapshot snapshot() {
        return snapshot;
    }

    public void addListener(CatalogListener listener) {
        listeners.add(listener);
    }

    /** Whether the service's tools are known (learned or declared). */
    public boolean knowsToolsOf(ServiceView service) {
        return learned.containsKey(service.name()) || !service.routing().declaredTools().isEmpty();
    }

    /** Records the tools a running instance listed; persists and notifies when they changed. */
    public void learned(String service, List<JsonNode> tools) {
        List<JsonNode> before = learned.put(service, List.copyOf(tools));
        if (!tools.equals(before)) {
            log.info("learned {} tools of service {}", tools.size(), service);
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
        Map<String, List<String>> owners = new LinkedHashMap<>();
        List<ServiceView> services = new ArrayList<>(fleet.services());
        services.sort(java.util.Comparator.comparing(ServiceView::name));
        for (ServiceView service : services) {
            List<JsonNode> tools = learned.get(service.name());
            if (tools == null) {
                tools = service.routing().declaredTools().stream().map(m -> (JsonNode) json.valueToTree(m)).toList();
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode tool : tools) {
                String name = tool.path("name").asString(null);
                if (name == null || name.isEmpty() || !seen.add(name)) {
                    continue;
                }
                String exposed = naming.expose(service.name(), name);
                List<String> claim = owners.computeIfAbsent(exposed, k -> new ArrayList<>());
                claim.add(service.name());
                if (claim.size() > 1) {
                    continue;
                }
                entries.add(entry(service.name(), name, exposed, tool));
            }
        }
        warnCollisions(owners);
        CatalogSnapshot next = new CatalogSnapshot(entries);
        boolean changed = !next.sameAs(snapshot);
        snapshot = next;
        if (changed) {
            listeners.forEach(CatalogListener::toolsChanged);
        }
    }

    private ToolEntry entry(String service, String name, String exposed, JsonNode tool) {
        ObjectNode copy = (ObjectNode) tool.deepCopy();
        copy.put("name", exposed);
        JsonNode annotations = tool.path("annotations");
        return new ToolEntry(exposed, service, name, annotations.path("readOnlyHint").asBoolean(false),
                annotations.path("idempotentHint").asBoolean(false), json.writeValueAsBytes(copy));
    }

    private void warnCollisions(Map<String, List<String>> owners) {
        owners.forEach((exposed, services) -> {
            if (services.size() > 1 && warnedCollisions.add(exposed + "=" + services)) {
                log.warn("tool name {} is offered by services {}; only {} is reachable under that name "
                        + "(set fleet.tools.prefix=service to expose every tool)", exposed, services, services.get(0));
            }
        });
    }
}
