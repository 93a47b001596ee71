package io.mcpfleet.router.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void plainAsciiStaysPlain() {
        assertThat(HeaderValues.encode("us-west1")).isEqualTo("us-west1");
        assertThat(HeaderValues.decode("us-west1")).isEqualTo("us-west1");
    }

    @Test
    void theSpecificationsExamplesAreEncodedAsItSays() {
        assertThat(HeaderValues.encode("Hello, 世界")).isEqualTo("=?base64?SGVsbG8sIOS4lueVjA==?=");
        assertThat(HeaderValues.encode(" padded ")).isEqualTo("=?base64?IHBhZGRlZCA=?=");
        assertThat(HeaderValues.encode("line1\nline2")).isEqualTo("=?base64?bGluZTEKbGluZTI=?=");
        assertThat(HeaderValues.encode("=?base64?literal?=")).isEqualTo("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=");
    }

    @Test
    void decodingUndoesEncodingAndRefusesBrokenBase64() {
        assertThat(HeaderValues.decode(HeaderValues.encode("Grüße"))).isEqualTo("Grüße");
        assertThat(HeaderValues.decode("=?base64?***?=")).isNull();
    }
}
