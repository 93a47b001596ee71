package io.mcpfleet.router.catalog;

/** Told when the list of tools clients see has changed. */
public interface CatalogListener {
    void toolsChanged();
}
