package io.mcpfleet.router.catalog;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The learned tools of every service in {@code <data-dir>/catalog.json}, so that a restarted
 * router lists the tools of sleeping services without waking them. Written atomically.
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

    /** The persisted tools by service; empty when there is no file or it cannot be read. */
    Map<String, List<JsonNode>> load() {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
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
                List<JsonNode> tools = new java.util.ArrayList<>();
                service.getValue().path("tools").forEach(tools::add);
                out.put(service.getKey(), tools);
            }
            log.info("loaded the tools of {} services from {}", out.size(), file);
        } catch (JacksonException e) {
            log.warn("ignoring unreadable catalog file {}: {}", file, e.getOriginalMessage());
        }
        return out;
    }

    synchronized void save(Map<String, List<JsonNode>> learned) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode services = root.putObject("services");
        learned.forEach((name, tools) -> {
            ArrayNode array = services.putObject(name).putArray("tools");
            tools.forEach(array::add);
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
}
