package io.mcpfleet.manager.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Newline-delimited framing of a process's stdout, whatever the chunks. */
class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Long> tooLong = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(10, new LineSplitter.Lines() {
        @Override
        public void line(byte[] buffer, int length) {
            lines.add(new String(buffer, 0, length, StandardCharsets.UTF_8));
        }

        @Override
        public void tooLong(long length) {
            tooLong.add(length);
        }
    });

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, bytes.length);
    }

    @Test
    void linesSplitAcrossChunksAreJoined() {
        feed("ab");
        feed("c\nde");
        feed("f\n\ng\r\n");

        assertThat(lines).containsExactly("abc", "def", "g");
    }

    @Test
    void aLineOverTheLimitIsDroppedWholeAndReportedWithItsLength() {
        feed("0123456789ab");
        feed("cd\nok\n");

        assertThat(tooLong).containsExactly(14L);
        assertThat(lines).containsExactly("ok");
    }

    @Test
    void aLineOfExactlyTheLimitIsKept() {
        feed("0123456789\n");

        assertThat(lines).containsExactly("0123456789");
    }

    @Test
    void aLastLineWithoutNewlineCountsWhenTheStreamEnds() {
        feed("tail");

        splitter.finish();

        assertThat(lines).containsExactly("tail");
    }
}
