package io.mcpfleet.bench.floors;

import io.mcpfleet.bench.floors.Exchange.Answer;
import io.mcpfleet.bench.floors.Exchange.Call;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;

/**
 * Embedded Tomcat's NIO connector with the executor Spring Boot gives it when virtual threads are on,
 * keep-alive connections never closed for their count (the router's {@code max-keep-alive-requests: -1}),
 * one servlet that reads the body into an array of its length and relays it on the request's thread.
 * No filters, valves or Spring: the floor of the servlet stack the router runs on.
 */
final class TomcatFloor implements Floor {

    private final Tomcat tomcat;
    private final Connector connector;
    private final BlockingUpstream upstream;

    private TomcatFloor(Tomcat tomcat, Connector connector, BlockingUpstream upstream) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.upstream = upstream;
    }

    static TomcatFloor start(int port, InetSocketAddress backend) throws IOException, LifecycleException {
        BlockingUpstream upstream = new BlockingUpstream(backend);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("floor-tomcat").toString());
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxKeepAliveRequests", "-1");
        connector.getProtocolHandler().setExecutor(new VirtualThreadExecutor("tomcat-handler-"));
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "relay", new RelayServlet(upstream));
        context.addServletMappingDecoded("/", "relay");
        tomcat.start();
        return new TomcatFloor(tomcat, connector, upstream);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        } finally {
            upstream.close();
        }
    }

    private static final class RelayServlet extends HttpServlet {
        private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.US_ASCII);
        private final transient BlockingUpstream upstream;

        RelayServlet(BlockingUpstream upstream) {
            this.upstream = upstream;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (!READINESS.equals(req.getRequestURI())) {
                resp.sendError(404);
                return;
            }
            resp.setContentType("application/json");
            resp.setContentLength(UP.length);
            resp.getOutputStream().write(UP);
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            int length = req.getContentLength();
            byte[] body = length >= 0 ? req.getInputStream().readNBytes(length) : req.getInputStream().readAllBytes();
            Answer answer;
            try {
                answer = upstream.exchange(new Call(req.getRequestURI(), req.getContentType(), req.getHeader("Accept"),
                        req.getHeader("Mcp-Session-Id"), req.getHeader("MCP-Protocol-Version"), body));
            } catch (IOException e) {
                resp.sendError(502, "backend: " + e.getMessage());
                return;
            }
            resp.setStatus(answer.status());
            if (answer.contentType() != null) {
                resp.setContentType(answer.contentType());
            }
            if (answer.sessionId() != null) {
                resp.setHeader("Mcp-Session-Id", answer.sessionId());
            }
            resp.setContentLength(answer.body().length);
            resp.getOutputStream().write(answer.body());
        }
    }
}
