package io.mcpfleet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A stdio MCP server run as a child process and driven over its own pipes, with no container,
 * engine, manager or router in between: the baseline of the stdio scenario.
 */
final class StdioPipe implements AutoCloseable {

    private final Process process;
    private final StdioDriver driver;

    private StdioPipe(Process process) {
        this.process = process;
        OutputStream stdin = process.getOutputStream();
        this.driver = new StdioDriver(line -> {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (stdin) {
                stdin.write(bytes);
                stdin.flush();
            }
        });
        Thread reader = new Thread(this::read, "bench-stdio-pipe");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code node script} and initializes it. */
    static StdioPipe start(Path script, Path logs) throws IOException {
        Process p = new ProcessBuilder("node", script.toString())
                .redirectError(logs.resolve("stdio-pipe.log").toFile())
                .start();
        StdioPipe pipe = new StdioPipe(p);
        pipe.driver.initialize();
        return pipe;
    }

    StdioDriver.Result run(int callers, int seconds) throws IOException {
        return driver.run(callers, seconds);
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                driver.onLine(line);
            }
            driver.ended(new IOException("the process ended"));
        } catch (IOException e) {
            driver.ended(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
