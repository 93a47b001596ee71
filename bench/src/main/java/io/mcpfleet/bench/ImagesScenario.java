package io.mcpfleet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Start-up as the images start: both product images built from this checkout's jars with the
 * repository's Dockerfiles (on the jlinked runtime of the build's JDK, as the deployment test builds
 * them: the image's own training run records the class archive / AOT cache), each started with
 * {@code docker run -m 512m} as compose runs it, to {@code /actuator/health/readiness} answering
 * 200 (polled every 10 ms on the published port). Reported: from {@code docker run} (what an operator
 * waits for, the engine's create and start included) and from the container's start (the JVM's
 * own part, comparable with the jars' start-up), the JVM's CPU time until ready, and what the
 * container's cgroup charges after start. The manager runs on the example fleet with the engine's
 * socket, the router against that manager. The images and containers carry the suite's label and
 * are removed after the run.
 */
final class ImagesScenario {

    private static final String AREA = "footprint";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Setup setup;
    private final Table table;

    ImagesScenario(Setup setup, Table table) {
        this.setup = setup;
        this.table = table;
    }

    /** One container started once: wall clock from {@code docker run} and from the container's start, CPU, memory. */
    private record Start(Duration fromRun, Duration fromStart, Duration cpu, long memory) {
    }

    void run() throws IOException, InterruptedException {
        String jdk = Path.of(Launches.buildJava(setup, Launches.App.ROUTER)).getParent().getParent().toString();
        String base = baseImage(jdk);
        String manager = "mcpfleet-bench/service-manager:" + setup.fleet();
        String router = "mcpfleet-bench/tool-router:" + setup.fleet();
        Set<String> danglingBefore = dangling();
        try {
            build("Dockerfile.service-manager", manager, base);
            build("Dockerfile.tool-router", router, base);
            List<Start> managers = new ArrayList<>();
            List<Start> routers = new ArrayList<>();
            for (int r = 0; r < setup.rounds(); r++) {
                String managerId = null;
                String routerId = null;
                try {
                    long launched = System.nanoTime();
                    managerId = docker("run", "-d", "--label", Setup.LABEL + "=" + setup.fleet(), "-m", "512m",
                            "-p", "127.0.0.1::9000", "-v", "/var/run/docker.sock:/var/run/docker.sock",
                            "--group-add", socketGroup(),
                            "-v", setup.repo().resolve("config") + ":/config:ro", "-e", "FLEET_NAME=" + setup.fleet(),
                            manager).trim();
                    managers.add(await(managerId, 9000, launched));
                    String managerIp = setup.engine().inspect(managerId).path("NetworkSettings").path("IPAddress")
                            .asString();
                    launched = System.nanoTime();
                    routerId = docker("run", "-d", "--label", Setup.LABEL + "=" + setup.fleet(), "-m", "512m",
                            "-p", "127.0.0.1::8080", "-e", "FLEET_MANAGER_URL=http://" + managerIp + ":9000",
                            router).trim();
                    routers.add(await(routerId, 8080, launched));
                } finally {
                    remove(routerId);
                    remove(managerId);
                }
            }
            report("manager", managers);
            report("router", routers);
        } finally {
            docker("rmi", "-f", manager, router);
            // The builder keeps each image's first stage (the extracted jar) as an untagged image.
            for (String image : dangling()) {
                if (!danglingBefore.contains(image) && docker("history", "--no-trunc", "--format", "{{.CreatedBy}}",
                        image).contains("jarmode=tools")) {
                    docker("rmi", image);
                }
            }
        }
    }

    private void report(String app, List<Start> starts) {
        String what = app + " image (docker run -m 512m)";
        double fromRun = median(starts.stream().mapToLong(s -> s.fromRun.toNanos())) / 1e6;
        double fromStart = median(starts.stream().mapToLong(s -> s.fromStart.toNanos())) / 1e6;
        table.add(new Row(AREA, what + ": start-up (docker run to ready)", Fmt.ms(fromRun), "", "", "", ""));
        table.add(new Row(AREA, what + ": start-up (container started to ready)", Fmt.ms(fromStart), "", "",
                "<= 3000 ms", Fmt.verdict(fromStart <= 3000)));
        table.add(new Row(AREA, what + ": CPU time spent until ready",
                Fmt.ms(median(starts.stream().mapToLong(s -> s.cpu.toNanos())) / 1e6), "", "", "", ""));
        long memory = median(starts.stream().mapToLong(Start::memory));
        table.add(new Row(AREA, what + ", after start: memory (the container's cgroup)", Fmt.mb(memory), "", "",
                "<= 300 MB", Fmt.verdict(memory <= 300_000_000L)));
    }

    /** Waits for readiness on the container's published port; the JVM is the container's first process. */
    private Start await(String id, int port, long launchedNanos) throws IOException {
        JsonNode inspected = setup.engine().inspect(id);
        long pid = inspected.path("State").path("Pid").asLong();
        int hostPort = Integer.parseInt(inspected.path("NetworkSettings").path("Ports").path(port + "/tcp").path(0)
                .path("HostPort").asString());
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort
                + "/actuator/health/readiness")).timeout(Duration.ofSeconds(1)).GET().build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    long now = System.nanoTime();
                    long cpu = Proc.cpuNanos(pid);
                    // The engine's start time of the container, against the wall clock now.
                    java.time.Instant started = java.time.Instant.parse(inspected.path("State").path("StartedAt").asString());
                    Duration sinceStart = Duration.between(started, java.time.Instant.now());
                    return new Start(Duration.ofNanos(now - launchedNanos), sinceStart, Duration.ofNanos(cpu),
                            setup.engine().memoryBytes(id));
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Sleep.millis(10);
        }
        throw new IllegalStateException("container " + id + " was not ready within 120 s; its log:\n"
                + docker("logs", "--tail", "40", id));
    }

    /** The jlinked runtime of the build's JDK the deployment test builds on ({@code scripts/jre-image.sh}), made once. */
    private String baseImage(String jdk) {
        String major = JavaVersion.of(jdk + "/bin/java").replaceAll("^\\D*?(\\d+).*$", "$1");
        String image = "mcpfleet-test/jre:" + major;
        // Made again when it predates the runtime's default class archive, which the images' archives need,
        // or all of java.security's providers (else the manager loads BouncyCastle outside its archive).
        if (exit(List.of("sh", "-c", "docker image inspect -f '{{index .Config.Labels \"io.mcpfleet.jre\"}}"
                + " {{index .Config.Labels \"io.mcpfleet.jre.providers\"}}' " + image + " | grep -qx 'cds all'")) != 0) {
            run(List.of("bash", "scripts/jre-image.sh", jdk, image));
        }
        return image;
    }

    private void build(String dockerfile, String tag, String base) {
        run(List.of("docker", "build", "-q", "-f", dockerfile, "--build-arg", "JRE_IMAGE=" + base,
                "--label", Setup.LABEL + "=" + setup.fleet(), "-t", tag, "."));
    }

    private String socketGroup() throws IOException {
        return String.valueOf(Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid"));
    }

    private Set<String> dangling() {
        return new HashSet<>(Arrays.asList(docker("images", "-q", "--filter", "dangling=true").split("\\s+")));
    }

    private void remove(String id) {
        if (id != null) {
            docker("rm", "-f", "-v", id);
        }
    }

    private String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(command);
    }

    private String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(setup.repo().toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int exit(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long median(java.util.stream.LongStream values) {
        long[] v = values.sorted().toArray();
        return v[v.length / 2];
    }
}
