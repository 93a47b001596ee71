package io.mcpfleet.router.mcp;

import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.CompletionTarget;
import io.mcpfleet.router.catalog.PrimitiveSnapshot;
import io.mcpfleet.router.catalog.PromptEntry;
import io.mcpfleet.router.catalog.ResourceTarget;
import io.mcpfleet.router.catalog.Routable;
import io.mcpfleet.router.catalog.Unlisted;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a request about a prompt, a resource or a completion goes: the service that owns what it
 * names, and the request as that service must see it. A prompt is found by the name clients see;
 * a URI by the service that lists it, else by the first template that matches it
 * ({@link io.mcpfleet.router.catalog.Catalog}'s precedence); a completion by its reference.
 */
@Component
class PrimitiveTargets {

    static final Set<String> METHODS = Set.of("prompts/get", "resources/read", "resources/subscribe",
            "resources/unsubscribe", "completion/complete");

    /** The request to relay and what it addresses. */
    record Resolved(Envelope request, Routable target) {
    }

    private final Catalog catalog;
    private final JsonMapper json;
    private final EnvelopeScanner scanner;

    PrimitiveTargets(Catalog catalog, JsonMapper json, EnvelopeScanner scanner) {
        this.catalog = catalog;
        this.json = json;
        this.scanner = scanner;
    }

    /**
     * @throws IllegalArgumentException when the request lacks what names its target (an invalid-params error)
     * @throws RouteFailure             when nothing in the fleet answers to that name or URI
     */
    Resolved resolve(Envelope request) {
        PrimitiveSnapshot primitives = catalog.primitives();
        return switch (request.method()) {
            case "prompts/get" -> {
                String name = request.name();
                String sole = name != null && primitives.prompt(name) == null ? catalog.soleService() : null;
                yield new Resolved(request, sole != null ? new Unlisted(sole, name, "prompt", "unlisted")
                        : prompt(primitives, name, "prompts/get params.name"));
            }
            case "completion/complete" -> completion(primitives, request);
            default -> {
                String uri = text(params(request).path("uri"), request.method() + " params.uri");
                yield new Resolved(request, new ResourceTarget(owner(primitives, uri, catalog.soleService()), uri,
                        request.method(), request.method().equals("resources/read")));
            }
        };
    }

    private Resolved completion(PrimitiveSnapshot primitives, Envelope request) {
        JsonNode params = params(request);
        JsonNode ref = params.path("ref");
        String type = text(ref.path("type"), "completion/complete params.ref.type (ref/prompt or ref/resource)");
        if (!params.path("argument").isObject()) {
            throw new IllegalArgumentException("completion/complete needs params.argument (an object with name and "
                    + "value)");
        }
        switch (type) {
            case "ref/prompt" -> {
                String name = text(ref.path("name"), "completion/complete params.ref.name");
                String sole = primitives.prompt(name) == null ? catalog.soleService() : null;
                if (sole != null) {
                    return new Resolved(request, new CompletionTarget(sole, name, name));
                }
                PromptEntry prompt = prompt(primitives, name, "completion/complete params.ref.name");
                if (prompt.promptName().equals(prompt.exposedName())) {
                    return new Resolved(request, new CompletionTarget(prompt.service(), prompt.exposedName(),
                            prompt.nameAtService()));
                }
                ObjectNode message = (ObjectNode) json.readTree(request.bytes());
                ((ObjectNode) message.path("params").path("ref")).put("name", prompt.promptName());
                return new Resolved(scanner.scan(json.writeValueAsBytes(message)),
                        new CompletionTarget(prompt.service(), prompt.exposedName(), prompt.nameAtService()));
            }
            case "ref/resource" -> {
                String uri = text(ref.path("uri"), "completion/complete params.ref.uri");
                var template = primitives.template(uri);
                String service = template != null ? template.service()
                        : owner(primitives, uri, catalog.soleService());
                return new Resolved(request, new CompletionTarget(service, uri, uri));
            }
            default -> throw new IllegalArgumentException("completion/complete params.ref.type must be ref/prompt or "
                    + "ref/resource, not " + ClientText.safe(type));
        }
    }

    private static PromptEntry prompt(PrimitiveSnapshot primitives, String name, String where) {
        if (name == null) {
            throw new IllegalArgumentException(where + " is missing (a prompt's name, as prompts/list gives it)");
        }
        PromptEntry prompt = primitives.prompt(name);
        if (prompt == null) {
            String safe = ClientText.safe(name);
            throw new RouteFailure(Reason.UNKNOWN_PROMPT, null, safe, "unknown prompt: " + safe
                    + " (prompts/list names the prompts of every service)");
        }
        return prompt;
    }

    /** The service that owns the URI, else the fleet's only one ({@code sole}, may be null), else a failure. */
    private static String owner(PrimitiveSnapshot primitives, String uri, String sole) {
        String service = primitives.ownerOf(uri);
        if (service == null) {
            service = sole;
        }
        if (service == null) {
            String safe = ClientText.safe(uri);
            throw new RouteFailure(Reason.UNKNOWN_RESOURCE, null, safe, "unknown resource: " + safe
                    + " (no service lists it or has a template that matches it: see resources/list and "
                    + "resources/templates/list)");
        }
        return service;
    }

    private JsonNode params(Envelope request) {
        return json.readTree(request.bytes()).path("params");
    }

    private static String text(JsonNode node, String what) {
        if (!node.isString() || node.asString().isEmpty()) {
            throw new IllegalArgumentException(what + " is missing or not a string");
        }
        return node.asString();
    }
}
