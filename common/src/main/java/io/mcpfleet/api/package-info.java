/**
 * The JSON types of the service-manager's REST API, shared by the manager (which writes them)
 * and the tool-router (which reads them). Field names are snake_case on the wire.
 */
package io.mcpfleet.api;
