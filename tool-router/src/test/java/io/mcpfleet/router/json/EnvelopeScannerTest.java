package io.mcpfleet.router.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeScannerTest {

    private final EnvelopeScanner scanner = new EnvelopeScanner(8);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheEnvelopeOfAToolCallWhateverTheMemberOrder() {
        byte[] msg = b("{\"params\":{\"arguments\":{\"x\":[1,{\"y\":\"}\"}]},\"_meta\":{\"progressToken\":\"p\\\"1\"},"
                + "\"name\":\"svc__echo\"},\"id\":\"a\\\"b\",\"method\":\"tools/call\",\"jsonrpc\":\"2.0\"}");

        Envelope e = scanner.scan(msg);

        assertThat(e.kind()).isEqualTo(Envelope.Kind.REQUEST);
        assertThat(e.method()).isEqualTo("tools/call");
        assertThat(e.name()).isEqualTo("svc__echo");
        assertThat(e.nameSpan().text(msg)).isEqualTo("\"svc__echo\"");
        assertThat(e.idText()).isEqualTo("\"a\\\"b\"");
        assertThat(e.progressTokenText()).isEqualTo("\"p\\\"1\"");
    }

    @Test
    void splicingTheNameAndIdLeavesEveryOtherByte() {
        byte[] msg = b("{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"arguments\":{}}}");
        Envelope e = scanner.scan(msg);

        byte[] out = Splice.replace(msg, e.nameSpan(), "\"b\"", e.id(), "99");

        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/call\",\"params\":{\"name\":\"b\",\"arguments\":{}}}");
    }

    @Test
    void recognisesResponsesNotificationsAndToolErrors() {
        Envelope ok = scanner.scan(b("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[],\"isError\":true}}"));
        Envelope err = scanner.scan(b("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-1,\"message\":\"x\"}}"));
        Envelope note = scanner.scan(b("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":5}}"));

        assertThat(ok.kind()).isEqualTo(Envelope.Kind.RESPONSE);
        assertThat(ok.toolError()).isTrue();
        assertThat(err.error()).isTrue();
        assertThat(note.kind()).isEqualTo(Envelope.Kind.NOTIFICATION);
        assertThat(note.requestIdText()).isEqualTo("5");
    }

    @Test
    void flagsInvalidJsonRpcButKeepsTheId() {
        Envelope e = scanner.scan(b("{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"ping\"}"));

        assertThat(e.kind()).isEqualTo(Envelope.Kind.INVALID);
        assertThat(e.idText()).isEqualTo("3");
        assertThat(scanner.scan(b("[1]")).kind()).isEqualTo(Envelope.Kind.INVALID);
        assertThat(scanner.scan(b("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"x\"}")).kind())
                .isEqualTo(Envelope.Kind.INVALID);
    }

    @Test
    void rejectsMalformedAndTooDeepJson() {
        assertThatThrownBy(() -> scanner.scan(b("{\"jsonrpc\":"))).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> scanner.scan(b("{} {}"))).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> scanner.scan(b("")).kind()).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> scanner.scan(b("{\"a\":[[[[[[[[[[[[1]]]]]]]]]]]]}")))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("limits").hasMessageContaining("nesting depth");
    }

    @Test
    void splitsABatchIntoItsElements() {
        byte[] batch = b(" [ {\"a\":1} , {\"b\":[2]},3 ]");

        assertThat(EnvelopeScanner.isArray(batch)).isTrue();
        assertThat(scanner.elements(batch)).extracting(s -> s.text(batch))
                .containsExactly("{\"a\":1}", "{\"b\":[2]}", "3");
    }
}
