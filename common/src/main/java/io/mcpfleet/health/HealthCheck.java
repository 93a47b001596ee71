package io.mcpfleet.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The images' {@code HEALTHCHECK}: a GET on this container's own actuator that exits 0 on a 2xx
 * answer and 1 on anything else. The images hold a JRE and nothing more (no curl, no wget, maybe
 * no shell), and Docker starts a fresh JVM for every probe, so this uses {@code java.base} only.
 *
 * <p>Usage: {@code java -cp healthcheck.jar io.mcpfleet.health.HealthCheck <port> <path>}. The
 * port follows the application when it was moved: {@code MANAGEMENT_SERVER_PORT}, else
 * {@code SERVER_PORT}, else the given one.
 */
public final class HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private HealthCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** Probes once; returns the exit status and prints one line for {@code docker inspect}'s health log. */
    static int run(String[] args, Map<String, String> env, PrintStream out) {
        if (args.length != 2) {
            out.println("usage: HealthCheck <port> <path>");
            return 2;
        }
        URI target = target(args[0], args[1], env);
        try {
            HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            int status = connection.getResponseCode();
            drain(connection, status);
            out.println((status / 100 == 2 ? "UP " : "DOWN ") + status + " " + target);
            return status / 100 == 2 ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            out.println("DOWN " + target + ": " + e);
            return 1;
        }
    }

    static URI target(String defaultPort, String path, Map<String, String> env) {
        String port = firstSet(env.get("MANAGEMENT_SERVER_PORT"), env.get("SERVER_PORT"), defaultPort);
        return URI.create("http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path));
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        throw new IllegalArgumentException("no port given");
    }

    private static void drain(HttpURLConnection connection, int status) throws IOException {
        try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
    }
}
