package io.mcpfleet.router.catalog;

import io.mcpfleet.router.config.RouterProperties;

/** How a service's tool is named to clients: {@code <service><separator><tool>}, or bare. */
final class ToolNaming {

    private final RouterProperties.PrefixMode mode;
    private final String separator;

    ToolNaming(RouterProperties.Tools tools) {
        this.mode = tools.prefix();
        this.separator = tools.separator();
    }

    String expose(String service, String tool) {
        return mode == RouterProperties.PrefixMode.SERVICE ? service + separator + tool : tool;
    }

    boolean prefixed() {
        return mode == RouterProperties.PrefixMode.SERVICE;
    }
}
