package io.mcpfleet.manager.api;

import java.util.function.Function;
import java.util.function.IntSupplier;

/** Lets tests outside the package count a running manager's open streams ({@link OpenStreams} stays package-private). */
public final class OpenStreamsProbe {

    private OpenStreamsProbe() {
    }

    /** The count of open streams, read at each call (also after the manager closed); {@code beans}: its bean of a type. */
    public static IntSupplier open(Function<Class<?>, ?> beans) {
        return ((OpenStreams) beans.apply(OpenStreams.class))::size;
    }
}
