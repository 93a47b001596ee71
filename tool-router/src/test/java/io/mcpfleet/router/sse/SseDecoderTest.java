package io.mcpfleet.router.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDecoderTest {

    private final List<SseEvent> events = new ArrayList<>();

    @Test
    void decodesEventsSplitAtAnyByteAndAnyLineEnding() {
        byte[] stream = (": comment\r\nevent: message\r\nid: 7\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n"
                + "data:{\"b\":2}\n\nid: empty\n\n").getBytes(StandardCharsets.UTF_8);
        SseDecoder decoder = new SseDecoder(1024, events::add);

        for (int i = 0; i < stream.length; i++) {
            decoder.feed(stream, i, 1);
        }

        assertThat(events).hasSize(2);
        assertThat(events.get(0).id()).isEqualTo("7");
        assertThat(events.get(0).dataText()).isEqualTo("{\"a\":\n1}");
        assertThat(events.get(1).name()).isEqualTo("message");
        assertThat(events.get(1).dataText()).isEqualTo("{\"b\":2}");
    }

    @Test
    void refusesAnEventLargerThanTheLimit() {
        SseDecoder decoder = new SseDecoder(16, events::add);
        byte[] big = ("data: " + "x".repeat(40) + "\n\n").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decoder.feed(big, 0, big.length)).isInstanceOf(SseTooLargeException.class);
    }

    @Test
    void writtenMessagesDecodeToTheSameBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseFormat.writeMessage(out, "{\"a\":\n1}".getBytes(StandardCharsets.UTF_8));
        byte[] written = out.toByteArray();

        new SseDecoder(1024, events::add).feed(written, 0, written.length);

        assertThat(events).singleElement().extracting(SseEvent::dataText).isEqualTo("{\"a\":\n1}");
    }
}
