package io.mcpfleet.router.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.upstream.InitParams;
import org.junit.jupiter.api.Test;

class SessionSealTest {

    private static final InitParams INIT = new InitParams("2025-06-18", "{\"roots\":{}}", "{\"name\":\"c\"}");

    @Test
    void aReplicaWithTheSameKeyOpensWhatAnotherSealed() {
        String id = new SessionSeal("shared").seal("2025-06-18", INIT);

        assertThat(new SessionSeal("shared").open(id)).hasValue(new SessionSeal.Sealed("2025-06-18", INIT));
        assertThat(id).matches("s1\\.[A-Za-z0-9_-]+");
    }

    @Test
    void anotherKeyATamperedIdOrGarbageOpensNothing() {
        SessionSeal seal = new SessionSeal("shared");
        String id = seal.seal("2025-06-18", INIT);
        char last = id.charAt(id.length() - 2);
        String tampered = id.substring(0, id.length() - 2) + (last == 'A' ? 'B' : 'A') + id.charAt(id.length() - 1);

        assertThat(new SessionSeal("other").open(id)).isEmpty();
        assertThat(seal.open(tampered)).isEmpty();
        assertThat(seal.open("s1.!!!")).isEmpty();
        assertThat(seal.open("s1.")).isEmpty();
        assertThat(seal.open("random-id")).isEmpty();
    }

    @Test
    void withoutAKeyIdsOpenOnlyOnTheRouterThatMadeThem() {
        SessionSeal mine = new SessionSeal(null);
        String id = mine.seal("2025-06-18", INIT);

        assertThat(mine.open(id)).isPresent();
        assertThat(new SessionSeal(" ").open(id)).isEmpty();
    }

    @Test
    void twoSessionsOfTheSameClientGetDifferentIds() {
        SessionSeal seal = new SessionSeal("shared");

        assertThat(seal.seal("2025-06-18", INIT)).isNotEqualTo(seal.seal("2025-06-18", INIT));
    }
}
