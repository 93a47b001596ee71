package io.mcpfleet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JarProcess} with a tiny jar that answers {@code /actuator/health} like a Spring Boot app. */
class JarProcessTest {

    private static final String HEALTH_APP = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;

            public class HealthApp {
                public static void main(String[] args) throws Exception {
                    if (System.getenv("FAIL") != null) {
                        System.out.println("failing on purpose");
                        System.exit(3);
                    }
                    int port = 0;
                    for (String arg : args) {
                        if (arg.startsWith("--server.port=")) {
                            port = Integer.parseInt(arg.substring("--server.port=".length()));
                        }
                    }
                    System.out.println("hello " + System.getenv("GREETING"));
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    server.createContext("/actuator/health", exchange -> {
                        exchange.sendResponseHeaders(200, -1);
                        exchange.close();
                    });
                    server.start();
                }
            }
            """;

    @TempDir
    static Path dir;
    private static Path jar;

    @BeforeAll
    static void buildJar() throws IOException {
        Path source = dir.resolve("HealthApp.java");
        Files.writeString(source, HEALTH_APP);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString());
        assertThat(compiled).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "HealthApp");
        jar = dir.resolve("health-app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("HealthApp.class"));
            try (OutputStream entry = out) {
                Files.copy(dir.resolve("HealthApp.class"), entry);
            }
        }
    }

    @Test
    void startsWithEnvironmentWaitsForHealthAndStopsGracefully() {
        JarProcess process = JarProcess.builder(jar).env("GREETING", "there").start(Duration.ofSeconds(20));

        assertThat(process.isAlive()).isTrue();
        assertThat(process.output()).contains("hello there");
        assertThat(process.outputFile()).exists();

        // 143 = 128 + SIGTERM: the JVM ran its shutdown on the signal
        assertThat(process.stop()).isEqualTo(143);
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void killIsImmediate() {
        JarProcess process = JarProcess.builder(jar).start(Duration.ofSeconds(20));

        process.kill();

        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void processThatExitsBeforeItIsHealthyFailsWithItsOutput() {
        assertThatThrownBy(() -> JarProcess.builder(jar).env("FAIL", "1").name("failing").start(Duration.ofSeconds(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failing exited with 3")
                .hasMessageContaining("failing on purpose");
    }

    @Test
    void missingJarIsNamed() {
        assertThatThrownBy(() -> JarProcess.builder(dir.resolve("nope.jar")).start(Duration.ofSeconds(1)))
                .hasMessageContaining("nope.jar does not exist");
    }
}
