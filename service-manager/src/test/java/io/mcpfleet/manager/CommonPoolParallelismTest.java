package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonPoolParallelismTest {

    @Test
    void twoProcessorsOrFewerGetTwoPoolThreads() {
        assertThat(CommonPoolParallelism.wanted(null, 1)).isEqualTo("2");
        assertThat(CommonPoolParallelism.wanted(null, 2)).isEqualTo("2");
        assertThat(CommonPoolParallelism.wanted("  ", 2)).isEqualTo("2");
    }

    @Test
    void moreProcessorsKeepTheJvmDefault() {
        // the default is processors - 1: already 2 or more
        assertThat(CommonPoolParallelism.wanted(null, 3)).isNull();
        assertThat(CommonPoolParallelism.wanted(null, 16)).isNull();
    }

    @Test
    void aParallelismTheUserSetIsKept() {
        assertThat(CommonPoolParallelism.wanted("1", 2)).isNull();
        assertThat(CommonPoolParallelism.wanted("8", 2)).isNull();
    }
}
