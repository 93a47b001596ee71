package io.mcpfleet.router.catalog;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompts, resources and resource templates of the whole fleet at one moment. Immutable.
 * Prompts and resources are sorted (by exposed name, by URI) so cursors are stable; templates
 * keep their precedence order: services by name, each in its own listing order.
 */
public final class PrimitiveSnapshot {

    static final PrimitiveSnapshot EMPTY = new PrimitiveSnapshot(List.of(), List.of(), List.of());

    private final PromptEntry[] prompts;
    private final Map<String, PromptEntry> promptsByName = new HashMap<>();
    private final ResourceEntry[] resources;
    private final Map<String, ResourceEntry> resourcesByUri = new HashMap<>();
    private final List<TemplateEntry> templates;

    PrimitiveSnapshot(List<PromptEntry> prompts, List<ResourceEntry> resources, List<TemplateEntry> templates) {
        this.prompts = prompts.toArray(PromptEntry[]::new);
        Arrays.sort(this.prompts, Comparator.comparing(PromptEntry::exposedName));
        for (PromptEntry p : this.prompts) {
            promptsByName.put(p.exposedName(), p);
        }
        this.resources = resources.toArray(ResourceEntry[]::new);
        Arrays.sort(this.resources, Comparator.comparing(ResourceEntry::uri));
        for (ResourceEntry r : this.resources) {
            resourcesByUri.put(r.uri(), r);
        }
        this.templates = List.copyOf(templates);
    }

    public PromptEntry prompt(String exposedName) {
        return exposedName == null ? null : promptsByName.get(exposedName);
    }

    public List<PromptEntry> prompts() {
        return List.of(prompts);
    }

    public List<ResourceEntry> resources() {
        return List.of(resources);
    }

    public List<TemplateEntry> templates() {
        return templates;
    }

    /**
     * The service that owns a URI: the one that lists it, else the first whose template matches
     * (templates in precedence order); {@code null} when none does.
     */
    public String ownerOf(String uri) {
        if (uri == null) {
            return null;
        }
        ResourceEntry listed = resourcesByUri.get(uri);
        if (listed != null) {
            return listed.service();
        }
        for (TemplateEntry t : templates) {
            if (t.matcher().matches(uri)) {
                return t.service();
            }
        }
        return null;
    }

    /** The template entry with exactly this text (the first in precedence order), or {@code null}. */
    public TemplateEntry template(String template) {
        for (TemplateEntry t : templates) {
            if (t.template().equals(template)) {
                return t;
            }
        }
        return null;
    }

    public boolean offersPrompts() {
        return prompts.length > 0;
    }

    public boolean offersResources() {
        return resources.length > 0 || !templates.isEmpty();
    }

    boolean samePrompts(PrimitiveSnapshot other) {
        return prompts.length == other.prompts.length && allEqual(prompts.length,
                i -> prompts[i].exposedName().equals(other.prompts[i].exposedName())
                        && Arrays.equals(prompts[i].json(), other.prompts[i].json()));
    }

    boolean sameResources(PrimitiveSnapshot other) {
        return resources.length == other.resources.length && templates.size() == other.templates.size()
                && allEqual(resources.length, i -> resources[i].service().equals(other.resources[i].service())
                        && Arrays.equals(resources[i].json(), other.resources[i].json()))
                && allEqual(templates.size(), i -> templates.get(i).service().equals(other.templates.get(i).service())
                        && Arrays.equals(templates.get(i).json(), other.templates.get(i).json()));
    }

    private static boolean allEqual(int n, java.util.function.IntPredicate same) {
        for (int i = 0; i < n; i++) {
            if (!same.test(i)) {
                return false;
            }
        }
        return true;
    }
}
