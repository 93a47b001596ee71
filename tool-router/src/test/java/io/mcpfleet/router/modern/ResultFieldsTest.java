package io.mcpfleet.router.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResultFieldsTest {

    private static final ResultFields.CacheHint HINT = new ResultFields.CacheHint(30_000, "public");

    private static String complete(String response, ResultFields.CacheHint hint) {
        return new String(ResultFields.complete(response.getBytes(StandardCharsets.UTF_8), hint),
                StandardCharsets.UTF_8);
    }

    @Test
    void aLegacyResultGetsResultTypeAndLeavesEveryOtherByte() {
        String result = complete("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\"}]}}", null);

        assertThat(result).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\"}]}}");
    }

    @Test
    void anEmptyResultGetsItsMembersWithoutAStrayComma() {
        assertThat(complete("{\"id\":1,\"result\":{}}", HINT))
                .isEqualTo("{\"id\":1,\"result\":{\"resultType\":\"complete\",\"ttlMs\":30000,\"cacheScope\":\"public\"}}");
    }

    @Test
    void membersAlreadyThereAreKept() {
        String modern = "{\"id\":1,\"result\":{\"tools\":[],\"resultType\":\"complete\",\"ttlMs\":5,\"cacheScope\":\"private\"}}";

        assertThat(complete(modern, HINT)).isEqualTo(modern);
    }

    @Test
    void anInputRequiredResultTakesNoCacheHint() {
        String interim = "{\"id\":1,\"result\":{\"resultType\":\"input_required\",\"inputRequests\":{}}}";

        assertThat(complete(interim, HINT)).isEqualTo(interim);
    }

    @Test
    void errorsAndNonJsonPassUnchanged() {
        String error = "{\"id\":1,\"error\":{\"code\":-32601,\"message\":\"x\"}}";

        assertThat(complete(error, HINT)).isEqualTo(error);
        assertThat(complete("not json", HINT)).isEqualTo("not json");
        assertThat(complete("{\"id\":1,\"result\":[1]}", HINT)).isEqualTo("{\"id\":1,\"result\":[1]}");
    }
}
