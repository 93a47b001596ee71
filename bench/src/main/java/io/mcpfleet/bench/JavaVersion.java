package io.mcpfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** What {@code java -version} says, in one line. */
final class JavaVersion {

    private JavaVersion() {
    }

    static String of(String java) {
        try {
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            String first = out.lines().findFirst().orElse("?");
            String runtime = out.lines().filter(l -> l.contains("Runtime Environment")).findFirst().orElse("");
            String vendor = runtime.contains("Temurin") ? "Temurin " : runtime.contains("Debian") ? "Debian " : "";
            int q = first.indexOf('"');
            String version = q >= 0 ? first.substring(q + 1, first.indexOf('"', q + 1)) : first;
            return "Java " + vendor + version;
        } catch (IOException e) {
            return "unknown java";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown java";
        }
    }
}
