package io.mcpfleet.router.metrics;

import java.util.Locale;

/** How a call offered to an event loop went ({@code CallRouter.start}): the {@code result} tag of {@code fleet_router_loop_starts_total}. */
public enum LoopStart {
    /** Started there and answered there (a JSON answer). */
    ANSWERED,
    /** Started there and handed to a virtual thread (a stream, a failure, the deadline, a cancel). */
    HANDED_OVER,
    /** Not started there: it had to wait for something (a wake, a session, a permission), so it ran blocking. */
    DECLINED;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }
}
