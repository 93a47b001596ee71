package io.mcpfleet.mimic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** All the mimic's tools, and the choice among them that the options make. */
final class ToolCatalog {

    private ToolCatalog() {
    }

    /**
     * The tools to offer: those named in {@code options.tools()}, or all; a stateless mimic leaves out
     * the tools that need a session.
     *
     * @throws IllegalArgumentException for an unknown name, or a session tool asked of a stateless mimic
     */
    static List<MimicTool> select(MimicOptions options, Lifecycle lifecycle, ToolRegistry registry) {
        List<MimicTool> all = new ArrayList<>();
        all.addAll(new BasicTools(options.id()).tools());
        all.addAll(new TimingTools(lifecycle).tools());
        all.addAll(new FailureTools(options.failEvery()).tools());
        all.addAll(new StreamingTools(lifecycle).tools());
        all.addAll(new ClientRequestTools().tools());
        all.addAll(new CatalogTools(registry).tools());

        Set<String> known = new TreeSet<>();
        all.forEach(tool -> known.add(tool.name()));
        Set<String> unknown = new TreeSet<>(options.tools());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown tools " + unknown + "; the mimic knows " + known);
        }

        List<MimicTool> chosen = new ArrayList<>();
        for (MimicTool tool : all) {
            boolean wanted = options.tools().isEmpty() || options.tools().contains(tool.name());
            if (wanted && (options.stateless() || options.modern()) && tool.usesSession()) {
                if (!options.tools().isEmpty()) {
                    throw new IllegalArgumentException("tool " + tool.name()
                            + " talks to the client within a session; a stateless mimic cannot offer it");
                }
                continue;
            }
            if (wanted) {
                chosen.add(tool);
            }
        }
        return List.copyOf(chosen);
    }
}
