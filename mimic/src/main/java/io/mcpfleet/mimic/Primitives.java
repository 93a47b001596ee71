package io.mcpfleet.mimic;

import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;
import java.util.function.Consumer;

/**
 * The prompts, resources, templates and completions a mimic offers besides its tools, so the
 * router's relaying of each can be tested. Some are the same on every mimic (so that two
 * services collide on them); the others carry the mimic's service name, its id without the
 * instance number ({@code alpha-2} is service {@code alpha}), so that every instance of one
 * service offers the same ones and two services offer different ones. Every answer names the
 * instance that gave it.
 *
 * <ul>
 * <li>prompt {@code greet} (argument {@code name}, completed from alice, bob, carol)</li>
 * <li>prompt {@code <service>-brief}</li>
 * <li>resource {@code mimic://about} (on every mimic) and {@code mimic://<service>/notes}</li>
 * <li>template {@code mimic://echo/{text}} (on every mimic) and {@code mimic://<service>/items/{item}}</li>
 * </ul>
 * Reading {@code mimic://<service>/items/touch} tells the subscribers of {@code mimic://<service>/notes}
 * that it changed ({@code notifications/resources/updated}), so subscriptions can be tested.
 */
final class Primitives {

    private static final List<String> NAMES = List.of("alice", "bob", "carol");

    private final String id;
    private final String service;
    private volatile Consumer<String> updated = uri -> { };

    Primitives(String id) {
        this.id = id;
        this.service = id.replaceFirst("-[0-9]+$", "");
    }

    /** Where a resource's change is announced (the SDK server, once it is built). */
    void announceUpdatesTo(Consumer<String> updated) {
        this.updated = updated;
    }

    List<SyncPromptSpecification> prompts() {
        Prompt greet = new Prompt("greet", "Greets someone", List.of(new PromptArgument("name", "who", true)));
        Prompt brief = new Prompt(service + "-brief", "A brief of service " + service, List.of());
        return List.of(new SyncPromptSpecification(greet, (exchange, request) ->
                        message("Hello, " + request.arguments().get("name") + ", from " + id)),
                new SyncPromptSpecification(brief, (exchange, request) -> message("brief of " + service + " by " + id)));
    }

    List<SyncResourceSpecification> resources() {
        return List.of(resource("mimic://about", "about", "mimic " + id),
                resource("mimic://" + service + "/notes", "notes", "notes of " + service + " from " + id));
    }

    List<SyncResourceTemplateSpecification> templates() {
        return List.of(template("mimic://echo/{text}", "echo", "text"),
                template("mimic://" + service + "/items/{item}", "items", "item"));
    }

    List<SyncCompletionSpecification> completions() {
        return List.of(new SyncCompletionSpecification(new McpSchema.PromptReference("greet"), (exchange, request) -> {
            String prefix = request.argument().value();
            List<String> values = NAMES.stream().filter(n -> n.startsWith(prefix == null ? "" : prefix)).toList();
            return new CompleteResult(new CompleteResult.CompleteCompletion(values, values.size(), false));
        }));
    }

    private static GetPromptResult message(String text) {
        return new GetPromptResult(null, List.of(new PromptMessage(Role.USER, new TextContent(text))));
    }

    private SyncResourceSpecification resource(String uri, String name, String text) {
        Resource resource = Resource.builder(uri, name).mimeType("text/plain").build();
        return new SyncResourceSpecification(resource, (exchange, request) ->
                new ReadResourceResult(List.of(new TextResourceContents(request.uri(), "text/plain", text))));
    }

    private SyncResourceTemplateSpecification template(String uriTemplate, String name, String variable) {
        ResourceTemplate template = ResourceTemplate.builder(uriTemplate, name).mimeType("text/plain").build();
        String prefix = uriTemplate.substring(0, uriTemplate.indexOf('{'));
        return new SyncResourceTemplateSpecification(template, (exchange, request) -> {
            String value = request.uri().substring(prefix.length());
            if (value.equals("touch") && variable.equals("item")) {
                updated.accept("mimic://" + service + "/notes");
            }
            return new ReadResourceResult(List.of(new TextResourceContents(request.uri(), "text/plain",
                    variable + " " + value + " from " + id)));
        });
    }

}
