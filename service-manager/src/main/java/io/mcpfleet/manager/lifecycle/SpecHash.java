package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.config.Hardening;
import io.mcpfleet.config.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A short hash of everything in a service's spec that shapes its containers. Only those fields
 * count: changing an idle timeout or a routing setting must not roll running containers.
 */
public final class SpecHash {

    private SpecHash() {
    }

    public static String of(ServiceSpec spec, List<String> networks) {
        StringBuilder canonical = new StringBuilder(512);
        field(canonical, "image", spec.image());
        field(canonical, "entrypoint", spec.entrypoint());
        field(canonical, "command", spec.command());
        field(canonical, "port", spec.port());
        field(canonical, "environment", new TreeMap<>(spec.environment()));
        field(canonical, "labels", new TreeMap<>(spec.labels()));
        field(canonical, "memory", spec.resources().memoryBytes());
        field(canonical, "nanocpus", spec.resources().nanoCpus());
        Hardening h = spec.hardening();
        field(canonical, "hardening", List.of(h.noNewPrivileges(), h.readOnly(), h.capDrop(), h.capAdd(),
                String.valueOf(h.user()), h.tmpfs(), h.pidsLimit()));
        field(canonical, "networks", networks);
        if (!spec.placement().isEmpty()) {
            // only when set: a hash that changed for every service without placement would roll every fleet
            field(canonical, "placement", spec.placement().constraints());
        }
        return sha256(canonical.toString()).substring(0, 16);
    }

    private static void field(StringBuilder out, String name, Object value) {
        // Length-prefixed so that no two different specs can produce the same string.
        String text = value instanceof Map<?, ?> map ? map.toString() : String.valueOf(value);
        out.append(name).append(':').append(text.length()).append(':').append(text).append('\n');
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
