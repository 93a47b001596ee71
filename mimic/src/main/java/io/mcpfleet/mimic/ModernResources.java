package io.mcpfleet.mimic;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpChangeBroadcaster;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import java.util.List;

/**
 * The resources of the mimic's 2026-07-28 mode: {@code mimic://<service>/notes}, and
 * {@code mimic://<service>/touch}, whose reading tells the {@code subscriptions/listen} streams
 * subscribed to the notes that they changed ({@code notifications/resources/updated}).
 */
final class ModernResources implements McpSyncResourceRepository {

    private final String id;
    private final String notes;
    private final String touch;
    private final McpChangeBroadcaster changes;

    ModernResources(String id, McpChangeBroadcaster changes) {
        String service = id.replaceFirst("-[0-9]+$", "");
        this.id = id;
        this.notes = "mimic://" + service + "/notes";
        this.touch = "mimic://" + service + "/touch";
        this.changes = changes;
    }

    @Override
    public ResourcesPage list(McpRequestContext context, String cursor) {
        return ResourcesPage.of(List.of(McpSchema.Resource.builder(notes, "notes").build(),
                McpSchema.Resource.builder(touch, "touch").build()));
    }

    @Override
    public McpSyncResource find(McpRequestContext context, String uri) {
        if (!uri.equals(notes) && !uri.equals(touch)) {
            return null;
        }
        return McpSyncResource.of((ctx, request) -> {
            if (uri.equals(touch)) {
                changes.broadcast(new ServerChange.ResourceUpdated(notes));
            }
            return McpSyncResponse.<McpSchema.ReadResourceOutcome>result(McpSchema.ReadResourceResult.builder(
                    List.of(McpSchema.TextResourceContents.builder(uri, uri.equals(touch) ? "touched by " + id
                            : "notes from " + id).build())).build());
        });
    }

    @Override
    public boolean supportsSubscribe() {
        return true;
    }
}
