package io.mcpfleet.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The top level of services.yml: {@code services}, {@code defaults}, and {@code x-} keys left for anchors. */
final class FleetReader {

    static final List<String> KEYS = List.of("services", "defaults");
    /** Top-level keys with this prefix are ignored, so they can hold YAML anchors as in Docker Compose. */
    static final String EXTENSION_PREFIX = "x-";

    private FleetReader() {
    }

    /** The services in file order; problems are recorded, and the map then holds only the good services. */
    static Map<String, ServiceSpec> read(YNode root, Values values) {
        Problems problems = values.problems();
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        if (!(root instanceof YNode.Mapping mapping)) {
            problems.add(root.position(), "", "expected a mapping with `services:` at the top of the file, got " + root.describe());
            return services;
        }
        Section top = new Section(mapping, Position.START, values, KEYS, EXTENSION_PREFIX);
        Optional<YNode.Mapping> defaults = top.section("defaults", ServiceReader.KEYS).map(d -> {
            ServiceReader.checkDefaults(d);
            return (YNode.Mapping) top.node("defaults").orElseThrow();
        });
        if (!top.has("services")) {
            problems.add(Position.START, "services", "is missing; declare at least one service under `services:`");
            return services;
        }
        YNode node = top.node("services").orElseThrow();
        if (node instanceof YNode.Scalar scalar && scalar.isNull()) {
            problems.add(node, "has no value; declare at least one service under it");
            return services;
        }
        Optional<YNode.Mapping> declared = values.mapping(node);
        if (declared.isPresent() && declared.get().entries().isEmpty()) {
            problems.add(node, "declares no service; add at least one");
        }
        declared.ifPresent(all -> all.entries().values().forEach(entry ->
                service(entry, defaults, values).ifPresent(spec -> services.put(spec.name(), spec))));
        return services;
    }

    private static Optional<ServiceSpec> service(YNode.Entry entry, Optional<YNode.Mapping> defaults, Values values) {
        String name = entry.key();
        boolean validName = ServiceSpec.NAME.matcher(name).matches() && name.length() <= ServiceSpec.MAX_NAME_LENGTH;
        if (!validName) {
            values.problems().add(entry.keyPosition(), entry.value().path(), "invalid service name: use lower-case"
                    + " letters, digits and dashes, starting with a letter or digit, at most "
                    + ServiceSpec.MAX_NAME_LENGTH + " characters (it names containers and tools)");
        }
        if (entry.value() instanceof YNode.Scalar scalar && scalar.isNull()) {
            values.problems().add(entry.value(), "has no value; a service needs at least an image and a port");
            return Optional.empty();
        }
        Optional<YNode.Mapping> own = values.mapping(entry.value());
        if (own.isEmpty()) {
            return Optional.empty();
        }
        YNode.Mapping merged = defaults.map(d -> DefaultsMerger.merge(d, own.get())).orElse(own.get());
        Optional<ServiceSpec> spec = ServiceReader.read(name, new Section(merged, entry.keyPosition(), values, ServiceReader.KEYS));
        return validName ? spec : Optional.empty();
    }
}
