package io.mcpfleet.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated {@code services.yml}: every service with the {@code defaults:} block
 * already merged in, in file order.
 *
 * @param source   the file it was read from (for messages), or {@code null} for an in-memory config
 * @param services the services by name, in the order the file declares them
 */
public record FleetConfig(Path source, Map<String, ServiceSpec> services) {

    public FleetConfig {
        Objects.requireNonNull(services, "services");
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
        services.forEach((name, spec) -> {
            if (!name.equals(spec.name())) {
                throw new IllegalArgumentException("service key " + name + " holds spec named " + spec.name());
            }
        });
    }

    public Optional<ServiceSpec> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public Collection<ServiceSpec> all() {
        return services.values();
    }
}
