package io.mcpfleet.manager.lifecycle;

import java.util.Map;

/**
 * The labels the manager puts on every container it creates. Docker is the source of truth:
 * these labels are all the manager needs to adopt a container after a restart.
 */
public final class Labels {

    /** Present (value {@code true}) on every container the manager owns; it never touches others. */
    public static final String MANAGED = "io.mcpfleet.managed";
    /** The service the container belongs to. */
    public static final String SERVICE = "io.mcpfleet.service";
    /** A hash of the service's container spec; a container whose hash differs is rolled. */
    public static final String SPEC_HASH = "io.mcpfleet.spec-hash";
    /** The fleet (manager) that owns it, so several fleets can share one engine. */
    public static final String FLEET = "io.mcpfleet.fleet";

    private Labels() {
    }

    /** The filter matching every container of a fleet. */
    public static Map<String, String> fleet(String fleet) {
        return Map.of(MANAGED, "true", FLEET, fleet);
    }

    /** The filter matching every container of one service of a fleet. */
    public static Map<String, String> service(String fleet, String service) {
        return Map.of(MANAGED, "true", FLEET, fleet, SERVICE, service);
    }

    /** Whether the manager of {@code fleet} may touch a container carrying these labels. */
    public static boolean owned(Map<String, String> labels, String fleet) {
        return "true".equals(labels.get(MANAGED)) && fleet.equals(labels.get(FLEET)) && labels.get(SERVICE) != null;
    }
}
