package io.mcpfleet.router.catalog;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every service offers (tools, prompts, resources, templates) in {@code <data-dir>/catalog.json},
 * so that a restarted router lists them for sleeping services without waking them. Written
 * atomically. The lists other than tools were added later under the same format number: a file
 * without them reads as a service that offers none (it is learned again at its next wake).
 */
final class CatalogStore {

    private static final Logger log = LoggerFactory.getLogger(CatalogStore.class);
    private static final int FORMAT = 1;

    private final Path file;
    private final JsonMapper json;

    CatalogStore(Path dataDir, JsonMapper json) {
        this.file = dataDir.resolve("catalog.json");
        this.json = json;
    }

    Path file() {
        return file;
    }

    /** The persisted listings by service; empty when there is no file or it cannot be read. */
    Map<String, Listing> load() {
        Map<String, Listing> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            JsonNode root = json.readTree(file.toFile());
            if (root.path("format").asInt() != FORMAT) {
                log.warn("ignoring {}: unknown format {}", file, root.path("format"));
                return out;
            }
            for (Map.Entry<String, JsonNode> service : root.path("services").properties()) {
                JsonNode listing = service.getValue();
                out.put(service.getKey(), new Listing(list(listing, "tools"), list(listing, "prompts"),
                        list(listing, "resources"), list(listing, "resourceTemplates")));
            }
            log.info("loaded what {} services offer from {}", out.size(), file);
        } catch (JacksonException e) {
            log.warn("ignoring unreadable catalog file {}: {}", file, e.getOriginalMessage());
        }
        return out;
    }

    private static List<JsonNode> list(JsonNode listing, String member) {
        List<JsonNode> out = new ArrayList<>();
        listing.path(member).forEach(out::add);
        return out;
    }

    synchronized void save(Map<String, Listing> learned) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode services = root.putObject("services");
        learned.forEach((name, listing) -> {
            ObjectNode service = services.putObject(name);
            service.putArray("tools").addAll(listing.tools());
            putIfAny(service, "prompts", listing.prompts());
            putIfAny(service, "resources", listing.resources());
            putIfAny(service, "resourceTemplates", listing.templates());
        });
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | JacksonException e) {
            log.warn("cannot write the catalog to {}: {} (tools stay known until the router restarts)", file,
                    e.getMessage());
        }
    }

    private static void putIfAny(ObjectNode service, String member, List<JsonNode> elements) {
        if (!elements.isEmpty()) {
            service.putArray(member).addAll(elements);
        }
    }
}
