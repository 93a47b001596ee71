package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.StreamType;
import io.mcpfleet.manager.lifecycle.OutputLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the engine's log frames become lines. */
class ContainerLogsTest {

    private static final Instant BEFORE = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aFrameIsTheEnginesTimeAndOneLine() {
        assertThat(parse(StreamType.STDERR, "2026-11-27T08:01:02.123456789Z hello world\n"))
                .containsExactly(new OutputLine(Instant.parse("2026-11-27T08:01:02.123456789Z"), "stderr", "hello world"));
    }

    @Test
    void anEmptyLineAndCarriageReturnsAreKeptAsText() {
        assertThat(parse(StreamType.STDOUT, "2026-11-27T08:01:02Z \r\n")).extracting(OutputLine::text)
                .containsExactly("");
        assertThat(parse(StreamType.STDOUT, "2026-11-27T08:01:02Z\n")).extracting(OutputLine::text)
                .containsExactly("");
    }

    @Test
    void piecesWithoutATimestampTakeTheLastTimeSeen() {
        List<OutputLine> lines = parse(StreamType.RAW, "2026-11-27T08:01:02Z one\ntwo\n");

        assertThat(lines).extracting(OutputLine::text).containsExactly("one", "two");
        assertThat(lines).extracting(OutputLine::time).containsOnly(Instant.parse("2026-11-27T08:01:02Z"));
        assertThat(parse(StreamType.STDOUT, "no time at all")).extracting(OutputLine::time).containsExactly(BEFORE);
    }

    private static List<OutputLine> parse(StreamType type, String payload) {
        List<OutputLine> out = new ArrayList<>();
        ContainerLogs.parse(type, payload.getBytes(StandardCharsets.UTF_8), BEFORE, out::add);
        return out;
    }
}
