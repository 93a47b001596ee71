package io.mcpfleet.router.catalog;

/** Told when a list clients see has changed. */
public interface CatalogListener {
    void toolsChanged();

    default void promptsChanged() {
    }

    default void resourcesChanged() {
    }
}
