package io.mcpfleet.manager.bridge;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a bridged process writes, as the attachment delivers it: stdout cut into lines, each line
 * one JSON-RPC message for {@link BridgedProcess}; a line that is not one is logged and skipped,
 * never fatal; a line over the limit is dropped with its length logged. stderr goes to
 * {@link StderrLog}. The end of the attachment ends the process's bridge.
 */
final class ProcessOutput implements ContainerPipes.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessOutput.class);
    /** Log lines a second about a process's bad output (and as many of its stderr). */
    static final int LOG_LINES_PER_SECOND = 20;

    private final BridgedProcess process;
    private final int maxMessage;
    private final LineSplitter stdout;
    private final LineSplitter stderr;
    private final LogRate garbageRate;

    ProcessOutput(BridgedProcess process, int maxMessage, Clock clock) {
        this.process = process;
        this.maxMessage = maxMessage;
        this.garbageRate = new LogRate(LOG_LINES_PER_SECOND, clock);
        this.stdout = new LineSplitter(maxMessage, new Lines());
        this.stderr = new LineSplitter(StderrLog.MAX_LINE, new StderrLog(process.service(), process.instance(),
                new LogRate(LOG_LINES_PER_SECOND, clock)));
    }

    @Override
    public void stdout(byte[] chunk, int length) {
        stdout.feed(chunk, length);
    }

    @Override
    public void stderr(byte[] chunk, int length) {
        stderr.feed(chunk, length);
    }

    @Override
    public void closed(Throwable error) {
        stdout.finish();
        stderr.finish();
        process.end(error == null ? "the process exited or its attachment was closed"
                : "the attachment to the process broke: " + error);
    }

    private final class Lines implements LineSplitter.Lines {

        @Override
        public void line(byte[] buffer, int length) {
            ObjectNode message = Messages.parse(buffer, 0, length);
            if (message == null) {
                skipped("a line that is not a JSON object", BridgedProcess.preview(buffer, length));
            } else if (!process.fromServer(message)) {
                skipped("a JSON object that is not a JSON-RPC message", BridgedProcess.preview(buffer, length));
            }
        }

        @Override
        public void tooLong(long length) {
            skipped("a line of " + length + " bytes, longer than its stdio.max_message_size (" + maxMessage + " bytes)",
                    null);
        }

        private void skipped(String what, String preview) {
            if (!garbageRate.allow()) {
                return;
            }
            long suppressed = garbageRate.takeSuppressed();
            LOG.warn("service {} instance {}: skipped {} on stdout{}{}", process.service(),
                    StderrLog.shortId(process.instance()), what, preview == null ? "" : ": " + preview,
                    suppressed > 0 ? " (and " + suppressed + " such lines not logged)" : "");
        }
    }
}
