package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.config.HealthCheck;

/**
 * An instance the health monitor should probe.
 *
 * @param service    service name
 * @param instanceId container id
 * @param endpoint   base URL
 * @param mcpPath    the MCP path (the default check's target)
 * @param check      the service's health settings
 * @param starting   probe at the fast startup interval (not yet healthy once)
 */
public record ProbeTarget(String service, String instanceId, String endpoint, String mcpPath, HealthCheck check,
                          boolean starting) {
}
