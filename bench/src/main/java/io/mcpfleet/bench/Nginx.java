package io.mcpfleet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's nginx, twice over: the baseline proxy (a plain keep-alive reverse proxy to the same
 * backend the router relays to) and a static stand-in for the manager's discovery API that points
 * the router at that backend, so that the router's calls take exactly the path nginx's take.
 */
final class Nginx implements AutoCloseable {

    final int proxyPort;
    final int managerStubPort;
    private final Proc proc;

    private Nginx(Proc proc, int proxyPort, int managerStubPort) {
        this.proc = proc;
        this.proxyPort = proxyPort;
        this.managerStubPort = managerStubPort;
    }

    /**
     * @param backendPort the backend both nginx and the router relay to
     * @param service     the service name the stub gives the backend
     */
    static Nginx start(Setup setup, int backendPort, String service) {
        return start(setup, backendPort, service, "stateful");
    }

    /** @param sessions the service's {@code mcp.sessions} as the stub publishes it: stateful or stateless */
    static Nginx start(Setup setup, int backendPort, String service, String sessions) {
        Path prefix = setup.work().resolve("nginx");
        int proxy = Setup.freePort();
        int stub = Setup.freePort();
        String summary = "[{\"name\":\"" + service + "\",\"state\":\"running\",\"desired_replicas\":1,"
                + "\"running_replicas\":1,\"healthy_replicas\":1,\"sleep\":{\"enabled\":false,\"mode\":\"stop\","
                + "\"idle_timeout_ms\":300000,\"priority\":\"normal\",\"asleep\":false},\"routing\":{\"mcp_path\":\"/mcp\","
                + "\"sessions\":\"" + sessions + "\",\"balancing\":\"least_connections\",\"call_timeout_ms\":30000,"
                + "\"retry\":\"auto\",\"max_attempts\":3,\"queue_limit\":256,\"wake_timeout_ms\":60000,\"tools\":[]}}]";
        String instances = "{\"service\":\"" + service + "\",\"state\":\"running\",\"instances\":[{\"id\":\"" + service
                + "-1\",\"endpoint\":\"http://127.0.0.1:" + backendPort + "\"}]}";
        String conf = """
                worker_processes 2;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi; uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                  upstream backend { server 127.0.0.1:%2$d; keepalive 64; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
                  }
                  server {
                    listen 127.0.0.1:%4$d;
                    default_type application/json;
                    location = /services { return 200 '%5$s'; }
                    location = /services/%6$s/instances { return 200 '%7$s'; }
                    location = /activity { return 204; }
                    location / { return 404 '{"status":404}'; }
                  }
                }
                """.formatted(prefix, backendPort, proxy, stub, summary, service, instances);
        try {
            Files.createDirectories(prefix);
            Files.writeString(prefix.resolve("nginx.conf"), conf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Proc p = Proc.start("nginx", List.of("nginx", "-c", prefix.resolve("nginx.conf").toString(), "-p",
                prefix.toString(), "-g", "daemon off;"), Map.of(), setup.work(), setup.logs());
        p.awaitHttp200("http://127.0.0.1:" + stub + "/services", Duration.ofSeconds(10));
        return new Nginx(p, proxy, stub);
    }

    /** CPU time of the workers and the master, in nanoseconds. */
    long cpuNanos() {
        long total = proc.cpuNanos();
        for (long child : proc.children()) {
            total += Proc.cpuNanos(child);
        }
        return total;
    }

    @Override
    public void close() {
        proc.close();
    }
}
