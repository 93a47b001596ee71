package io.mcpfleet.router.front;

import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * What serves the router's public port, read when the web server is made (at run time, so one
 * AOT-processed jar can start either way): {@code router.front-end=netty} (the default) puts
 * {@link FrontServer} on {@code server.port} and the servlet path behind it on 127.0.0.1;
 * {@code servlet} is Tomcat on {@code server.port} alone, as before the front end existed (kept as
 * the fallback and the A/B baseline).
 */
record FrontEnd(boolean netty, int eventLoops, Duration idleTimeout, int maxHeaderBytes) {

    static final String PROPERTY = "router.front-end";

    static FrontEnd of(Environment env) {
        String mode = env.getProperty(PROPERTY, "netty").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("netty") && !mode.equals("servlet")) {
            throw new IllegalStateException(PROPERTY + " must be netty or servlet, not '" + mode + "'");
        }
        Binder binder = Binder.get(env);
        int loops = binder.bind("router.front.event-loops", Integer.class)
                .orElse(Runtime.getRuntime().availableProcessors());
        Duration idle = binder.bind("router.front.idle-timeout", Duration.class).orElse(Duration.ofSeconds(60));
        DataSize header = binder.bind("server.max-http-request-header-size", DataSize.class)
                .orElse(DataSize.ofKilobytes(8));
        return new FrontEnd(mode.equals("netty"), Math.max(1, loops), idle, (int) header.toBytes());
    }
}
