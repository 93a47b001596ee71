package io.mcpfleet.testsupport;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local images tests run, built on demand and never pulled (there is no registry): each
 * method returns the image's tag, building it first only when it is missing or its inputs changed.
 * Images are kept (the build cache and the next run reuse them); they carry
 * {@code io.mcpfleet.test.image=true}.
 *
 * <p>{@code scripts/test-images.sh} runs {@link #main} to warm them all before {@code mvn verify}.
 */
public final class TestImages {

    /** Every test image serves HTTP on this container port. */
    public static final int PORT = 8000;

    /** busybox httpd on {@value #PORT}, serving {@value #BUSYBOX_INDEX} at {@code /}; ~2 MB. */
    public static final String BUSYBOX = "mcpfleet-test/busybox:1";
    /**
     * A jlinked JRE from the JDK running the build (the toolchain's, 21+), FROM scratch (with busybox as
     * /bin/sh); tagged with its feature release, so builds on different JDKs each get their own.
     */
    public static final String JRE = "mcpfleet-test/jre:" + Runtime.version().feature();
    /**
     * The mimic MCP server ({@code mimic/target/mimic-exec.jar}) on {@value #PORT}. Its tag is
     * {@code latest} unless {@code MCPFLEET_TEST_IMAGE_TAG} names another: checkouts that change the
     * mimic and run tests on one engine at the same time then do not rebuild each other's image.
     */
    public static final String MIMIC = "mcpfleet-test/mimic:" + tag();
    /** {@code @modelcontextprotocol/server-everything} (version pinned in the script), Streamable HTTP on {@value #PORT} at {@code /mcp}. */
    public static final String REFERENCE = "mcpfleet-test/server-everything:latest";

    /** The version of the four stdio reference servers (pinned; scripts/stdio-images.sh builds them). */
    public static final String STDIO_REFERENCE_VERSION = "2026.8.31";
    /** {@code @modelcontextprotocol/server-everything} in its stdio mode, run unchanged by a stdio service. */
    public static final String STDIO_EVERYTHING = "mcpfleet-test/stdio-everything:" + STDIO_REFERENCE_VERSION;
    /** {@code @modelcontextprotocol/server-filesystem}, allowed {@code /workspace} (empty, writable). */
    public static final String STDIO_FILESYSTEM = "mcpfleet-test/stdio-filesystem:" + STDIO_REFERENCE_VERSION;
    /** {@code @modelcontextprotocol/server-memory}, its graph in {@code /tmp/memory.jsonl}. */
    public static final String STDIO_MEMORY = "mcpfleet-test/stdio-memory:" + STDIO_REFERENCE_VERSION;
    /** {@code @modelcontextprotocol/server-sequential-thinking}. */
    public static final String STDIO_SEQUENTIAL_THINKING = "mcpfleet-test/stdio-sequential-thinking:"
            + STDIO_REFERENCE_VERSION;
    /**
     * A tiny, fast MCP server over stdio ({@code stdio-echo.js} beside this class, on the node base):
     * tools {@code echo}, {@code slow} (progress), {@code sample} (a server request), {@code crash}; its
     * environment's {@code MODE} plays a bad server: {@code garbage}, {@code silent}, {@code exit}, {@code huge};
     * or {@code modern}: MCP 2026-07-28 only, with a tool {@code ask} that answers {@code input_required}
     * whatever the client declared.
     */
    public static final String STDIO_ECHO = "mcpfleet-test/stdio-echo:" + tag();
    /** Where the echo server's script is, on the classpath. */
    public static final String STDIO_ECHO_SCRIPT = "/io/mcpfleet/testsupport/stdio-echo.js";

    /** The pinned version of the MCP TypeScript SDK 2.x server package (scripts/ts-server-image.sh installs it). */
    public static final String TS_SERVER_SDK_VERSION = "2.4.0";
    /** The node base image plus that package in {@code /app/node_modules}, built by {@code scripts/ts-server-image.sh}. */
    public static final String TS_SERVER_SDK = "mcpfleet-test/ts-server-sdk:" + TS_SERVER_SDK_VERSION;
    /**
     * A stdio MCP server nobody here wrote the protocol of: {@code ts-modern-server.mjs} beside this class
     * on the TypeScript SDK 2.x's {@code serveStdio}, speaking MCP 2026-07-28 only ({@code LEGACY=serve}:
     * both eras). Tools {@code echo}, {@code ask} (input_required); prompt {@code greet}; resources
     * {@code ts://notes} and {@code ts://items/{item}}; completions for both.
     */
    public static final String STDIO_TS_MODERN = "mcpfleet-test/stdio-ts-modern:" + tag();
    private static final String TS_MODERN_SCRIPT = "/io/mcpfleet/testsupport/ts-modern-server.mjs";

    public static final String BUSYBOX_INDEX = "mcpfleet busybox\n";

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private static final String BUSYBOX_DOCKERFILE = """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            COPY www /www
            COPY serve.sh /bin/serve.sh
            ENV PATH=/bin
            EXPOSE 8000
            CMD ["/bin/sh", "/bin/serve.sh"]
            """;

    // sh, not exec: lets START_DELAY play a slow-starting server; busybox ignores SIGTERM as PID 1,
    // so run it with an init (docker run --init, HostConfig.init) to stop it fast.
    private static final String BUSYBOX_SERVE = """
            # START_DELAY: seconds (fractions allowed) to wait before serving; PORT: default 8000
            [ -z "$START_DELAY" ] || sleep "$START_DELAY"
            exec httpd -f -p "${PORT:-8000}" -h /www
            """;

    private static final String MIMIC_DOCKERFILE = """
            FROM %s
            COPY mimic.jar /app/mimic.jar
            WORKDIR /app
            ENV PORT=8000
            EXPOSE 8000
            CMD ["java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", "/app/mimic.jar"]
            """.formatted(JRE);

    private static boolean busyboxChecked;
    private static boolean jreChecked;
    private static boolean mimicChecked;
    private static boolean referenceChecked;
    private static boolean stdioReferenceChecked;
    private static boolean stdioEchoChecked;
    private static boolean stdioTsModernChecked;

    private TestImages() {
    }

    private static String tag() {
        String tag = System.getenv("MCPFLEET_TEST_IMAGE_TAG");
        return tag == null || tag.isBlank() ? "latest" : tag.strip();
    }

    /** {@value #BUSYBOX}: FROM scratch plus Debian's static {@code /bin/busybox}. */
    public static synchronized String busybox() {
        if (!busyboxChecked) {
            Path busybox = Path.of("/bin/busybox");
            if (!Files.isExecutable(busybox)) {
                throw new IllegalStateException("/bin/busybox is missing: "
                        + "DEBIAN_FRONTEND=noninteractive apt-get install -y -q busybox-static");
            }
            ImageBuild build = new ImageBuild(BUSYBOX)
                    .text("Dockerfile", BUSYBOX_DOCKERFILE)
                    .text("serve.sh", BUSYBOX_SERVE)
                    .text("www/index.html", BUSYBOX_INDEX)
                    .copy("busybox", busybox);
            build.buildIfChanged(docker(), build.recipe(""));
            busyboxChecked = true;
        }
        return BUSYBOX;
    }

    /**
     * {@value #JRE}: {@code scripts/jre-image.sh} with this JVM's {@code java.home}, when the image is
     * missing or was made before the script gave the runtime its default class archive (label
     * {@code io.mcpfleet.jre=cds}): without it the images' recorded archives cannot load; or before
     * it carried every security provider java.security lists ({@code io.mcpfleet.jre.providers=all}):
     * without them the manager loads BouncyCastle, outside its archive, as it starts.
     */
    public static synchronized String jre() {
        if (!jreChecked) {
            if (!"cds".equals(DockerTestSupport.imageLabel(JRE, "io.mcpfleet.jre"))
                    || !"all".equals(DockerTestSupport.imageLabel(JRE, "io.mcpfleet.jre.providers"))) {
                runScript("jre-image.sh", System.getProperty("java.home"), JRE);
            }
            jreChecked = true;
        }
        return JRE;
    }

    /**
     * {@value #MIMIC}: the jre image plus {@code mimic/target/mimic-exec.jar}, rebuilt when the jar
     * (by content) or the jre image changed. Needs the jar: {@code mvn -q -DskipTests -pl mimic -am package}.
     */
    public static synchronized String mimic() {
        if (!mimicChecked) {
            String jre = jre();
            Path jar = TestPaths.mimicJar();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build it with mvn -q -DskipTests -pl mimic -am package");
            }
            ImageBuild build = new ImageBuild(MIMIC)
                    .text("Dockerfile", MIMIC_DOCKERFILE)
                    .copy("mimic.jar", jar);
            build.buildIfChanged(docker(), build.recipe(docker().inspectImageCmd(jre).exec().getId()));
            mimicChecked = true;
        }
        return MIMIC;
    }

    /** {@value #REFERENCE}: {@code scripts/reference-image.sh} (node base image, npm install), when missing. */
    public static synchronized String reference() {
        if (!referenceChecked) {
            if (!DockerTestSupport.imageExists(REFERENCE)) {
                runScript("reference-image.sh", REFERENCE);
            }
            referenceChecked = true;
        }
        return REFERENCE;
    }

    /** {@value #STDIO_EVERYTHING}; with the other stdio reference servers, built by {@code scripts/stdio-images.sh} when missing. */
    public static String stdioEverything() {
        return stdioReference(STDIO_EVERYTHING);
    }

    /** {@value #STDIO_FILESYSTEM}, see {@link #stdioEverything()}. */
    public static String stdioFilesystem() {
        return stdioReference(STDIO_FILESYSTEM);
    }

    /** {@value #STDIO_MEMORY}, see {@link #stdioEverything()}. */
    public static String stdioMemory() {
        return stdioReference(STDIO_MEMORY);
    }

    /** {@value #STDIO_SEQUENTIAL_THINKING}, see {@link #stdioEverything()}. */
    public static String stdioSequentialThinking() {
        return stdioReference(STDIO_SEQUENTIAL_THINKING);
    }

    private static synchronized String stdioReference(String image) {
        if (!stdioReferenceChecked) {
            boolean all = java.util.stream.Stream.of(STDIO_EVERYTHING, STDIO_FILESYSTEM, STDIO_MEMORY,
                    STDIO_SEQUENTIAL_THINKING).allMatch(DockerTestSupport::imageExists);
            if (!all) {
                runScript("stdio-images.sh", STDIO_REFERENCE_VERSION);
            }
            stdioReferenceChecked = true;
        }
        return image;
    }

    /** {@value #STDIO_ECHO}: the node base image plus the echo script, rebuilt when the script changes. */
    public static synchronized String stdioEcho() {
        if (!stdioEchoChecked) {
            String node = node();
            ImageBuild build = new ImageBuild(STDIO_ECHO)
                    .text("Dockerfile", """
                            FROM %s
                            COPY stdio-echo.js /app/stdio-echo.js
                            ENTRYPOINT ["node", "/app/stdio-echo.js"]
                            """.formatted(node))
                    .text("stdio-echo.js", stdioEchoScript());
            build.buildIfChanged(docker(), build.recipe(docker().inspectImageCmd(node).exec().getId()));
            stdioEchoChecked = true;
        }
        return STDIO_ECHO;
    }

    /**
     * {@value #STDIO_TS_MODERN}: {@value #TS_SERVER_SDK} (built by its script when missing) plus the
     * server's script, rebuilt when the script or the base changes.
     */
    public static synchronized String stdioTsModern() {
        if (!stdioTsModernChecked) {
            if (!DockerTestSupport.imageExists(TS_SERVER_SDK)) {
                runScript("ts-server-image.sh", TS_SERVER_SDK);
            }
            ImageBuild build = new ImageBuild(STDIO_TS_MODERN)
                    .text("Dockerfile", """
                            FROM %s
                            COPY ts-modern-server.mjs /app/ts-modern-server.mjs
                            ENTRYPOINT ["node", "/app/ts-modern-server.mjs"]
                            """.formatted(TS_SERVER_SDK))
                    .text("ts-modern-server.mjs", resource(TS_MODERN_SCRIPT));
            build.buildIfChanged(docker(), build.recipe(docker().inspectImageCmd(TS_SERVER_SDK).exec().getId()));
            stdioTsModernChecked = true;
        }
        return STDIO_TS_MODERN;
    }

    /** The echo server's source (to run it outside a container, e.g. as a benchmark's baseline). */
    public static String stdioEchoScript() {
        return resource(STDIO_ECHO_SCRIPT);
    }

    private static String resource(String path) {
        try (var in = TestImages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The FROM-scratch node image of {@code scripts/node-image.sh} for this machine's node, built when missing. */
    public static synchronized String node() {
        String tag = "mcpfleet-test/node:" + nodeMajor();
        if (!DockerTestSupport.imageExists(tag)) {
            runScript("node-image.sh", tag);
        }
        return tag;
    }

    private static String nodeMajor() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (node.waitFor() != 0 || !version.matches("v\\d+\\..*")) {
                throw new IllegalStateException("node --version answered " + version);
            }
            return version.substring(1, version.indexOf('.'));
        } catch (IOException e) {
            throw new UncheckedIOException("node is needed to build the node images (apt-get install nodejs)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking node for its version", e);
        }
    }

    private static DockerClient docker() {
        return DockerTestSupport.client();
    }

    private static void runScript(String script, String... args) {
        Path path = TestPaths.scripts().resolve(script);
        Path log = null;
        try {
            log = Files.createTempFile("mcpfleet-" + script, ".log");
            List<String> command = new java.util.ArrayList<>(List.of("bash", path.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .directory(TestPaths.repoRoot().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within " + SCRIPT_TIMEOUT.toMinutes()
                        + " min; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with " + process.exitValue()
                        + "; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }

    /**
     * Builds the named images ({@code busybox jre mimic reference stdio stdio-echo stdio-ts-modern}; none: all) and prints
     * what it did. Used by {@code scripts/test-images.sh}.
     */
    public static void main(String... args) {
        List<String> wanted = args.length == 0 ? List.of("busybox", "jre", "mimic", "reference", "stdio", "stdio-echo",
                "stdio-ts-modern")
                : List.of(args);
        for (String image : wanted) {
            long started = System.nanoTime();
            String tag = switch (image) {
                case "busybox" -> busybox();
                case "jre" -> jre();
                case "mimic" -> mimic();
                case "reference" -> reference();
                case "stdio" -> String.join(", ", stdioEverything(), stdioFilesystem(), stdioMemory(),
                        stdioSequentialThinking());
                case "stdio-echo" -> stdioEcho();
                case "stdio-ts-modern" -> stdioTsModern();
                default -> throw new IllegalArgumentException("unknown image " + image
                        + " (busybox, jre, mimic, reference, stdio, stdio-echo, stdio-ts-modern)");
            };
            System.out.printf("%-40s ready in %d ms%n", tag, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
