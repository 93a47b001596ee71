package io.mcpfleet.mimic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code java -XX:ArchiveClassesAtExit=mimic.jsa -jar mimic-exec.jar --train}: starts a mimic, makes
 * the requests a client (or the manager's probe) makes first, stops and exits, so that the JVM
 * writes an AppCDS archive of the classes serving needs. Run with
 * {@code -XX:SharedArchiveFile=mimic.jsa}, a container start skips loading and verifying them.
 */
final class Training {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
            "capabilities":{},"clientInfo":{"name":"training","version":"1"}}}""";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    private static final String ECHO = """
            {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}""";

    private Training() {
    }

    static void run(MimicOptions options) {
        MimicOptions local = options.withPort(0).withBindAddress(MimicOptions.LOOPBACK)
                .withStartupDelay(Duration.ZERO);
        try (RunningMimic mimic = Mimic.start(local)) {
            URI mcp = URI.create(mimic.mcpUrl());
            get(URI.create(mimic.baseUrl() + (options.healthPath() != null ? options.healthPath() : "/")));
            String session = post(mcp, null, INITIALIZE);
            post(mcp, session, INITIALIZED);
            post(mcp, session, LIST);
            post(mcp, session, ECHO);
        }
    }

    /** Returns the session id the answer carries, if any. */
    private static String post(URI uri, String session, String body) {
        try {
            HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection();
            http.setRequestMethod("POST");
            http.setDoOutput(true);
            http.setRequestProperty("Content-Type", "application/json");
            http.setRequestProperty("Accept", "application/json, text/event-stream");
            if (session != null) {
                http.setRequestProperty("Mcp-Session-Id", session);
            }
            try (OutputStream out = http.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            drain(http);
            String answered = http.getHeaderField("Mcp-Session-Id");
            return answered != null ? answered : session;
        } catch (IOException e) {
            throw new UncheckedIOException("training request failed: " + body, e);
        }
    }

    private static void get(URI uri) {
        try {
            drain((HttpURLConnection) uri.toURL().openConnection());
        } catch (IOException e) {
            throw new UncheckedIOException("training request failed: GET " + uri, e);
        }
    }

    private static void drain(HttpURLConnection http) throws IOException {
        InputStream in = http.getResponseCode() < 400 ? http.getInputStream() : http.getErrorStream();
        if (in != null) {
            try (in) {
                in.readAllBytes();
            }
        }
    }
}
