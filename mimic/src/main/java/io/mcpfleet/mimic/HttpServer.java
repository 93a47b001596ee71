package io.mcpfleet.mimic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.modeler.Registry;

import jakarta.servlet.Filter;

/**
 * The embedded Tomcat that carries a mimic: the MCP servlet on its path, the health servlet when
 * asked for, nothing else (no default servlet, so every other path is a plain 404).
 */
final class HttpServer {

    private static final String MCP_SERVLET = "mcp";

    private final Tomcat tomcat;
    private final Path baseDir;
    private final RequestsInFlight inFlight = new RequestsInFlight();
    private int port = -1;

    private HttpServer(Tomcat tomcat, Path baseDir) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
    }

    /**
     * Listens and serves, or fails (port taken, address not local).
     *
     * @param jsonAnswers a filter in front of the MCP servlet, or null
     */
    static HttpServer start(MimicOptions options, McpEndpoint endpoint, Filter jsonAnswers) {
        TomcatLogging.quiet();
        // No JMX beans: registering them parses Tomcat's MBean descriptors (XML) on the start-up path.
        // Global, as in Spring Boot, which disables it the same way by default.
        Registry.disableRegistry();
        Path baseDir = createBaseDir();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setConnector(connector(options));

        HttpServer server = new HttpServer(tomcat, baseDir);
        StandardContext context = (StandardContext) tomcat.addContext("", null);
        // Leak detection is for redeployed web apps; here it only prints JDK module warnings on stop.
        context.setClearReferencesRmiTargets(false);
        context.setClearReferencesThreadLocals(false);
        Wrapper mcp = Tomcat.addServlet(context, MCP_SERVLET, endpoint.servlet());
        mcp.setAsyncSupported(true);
        context.addServletMappingDecoded(options.mcpPath(), MCP_SERVLET);
        addFilter(context, "in-flight", server.inFlight);
        if (jsonAnswers != null) {
            addFilter(context, "json-answers", jsonAnswers);
        }
        if (options.healthPath() != null) {
            Tomcat.addServlet(context, "health", new HealthServlet());
            context.addServletMappingDecoded(options.healthPath(), "health");
        }

        try {
            tomcat.start();
            server.port = tomcat.getConnector().getLocalPort();
        } catch (LifecycleException | RuntimeException e) {
            server.close();
            throw new IllegalStateException("mimic cannot listen on " + options.bindAddress() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** The port it listens on; still known after close, when Tomcat itself forgets it. */
    int port() {
        return port;
    }

    /** Waits, at most the grace period, for the MCP requests being answered. */
    void awaitRequests(Duration grace) {
        inFlight.awaitIdle(grace);
    }

    /** Drops every connection at once (the connector first, unlike a graceful stop), then stops. */
    void kill() {
        try {
            tomcat.getConnector().stop();
        } catch (LifecycleException e) {
            throw new IllegalStateException("cannot drop the mimic's connections: " + e.getMessage(), e);
        } finally {
            close();
        }
    }

    void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("cannot stop the mimic's Tomcat: " + e.getMessage(), e);
        } finally {
            deleteBaseDir();
        }
    }

    private static Connector connector(MimicOptions options) {
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(options.port());
        connector.setProperty("address", options.bindAddress());
        // Tomcat closes a keep-alive connection after 100 requests by default; load tests through
        // a router or nginx would then measure reconnects that real servers do not cause.
        connector.setProperty("maxKeepAliveRequests", "-1");
        // Fail start() when the port is taken, instead of logging and serving nothing.
        connector.setThrowOnFailure(true);
        return connector;
    }

    /** Filters run in the order they are added. */
    private static void addFilter(Context context, String name, Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addServletName(MCP_SERVLET);
        context.addFilterMap(map);
    }

    /** Tomcat needs a writable work directory; /tmp is writable even in the scratch test image. */
    private static Path createBaseDir() {
        try {
            return Files.createTempDirectory("mimic-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mimic's Tomcat directory", e);
        }
    }

    private void deleteBaseDir() {
        try (Stream<Path> paths = Files.walk(baseDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Leftovers in the temp directory are harmless; closing must not fail for them.
        }
    }
}
