package io.mcpfleet.manager.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BudgetSettingTest {

    private static final long GIB = 1L << 30;

    @Test
    void aSizeIsTakenAsIs() {
        assertThat(BudgetSetting.parse("8GiB").resolve(OptionalLong.of(64 * GIB))).hasValue(8 * GIB);
        assertThat(BudgetSetting.parse("512MB").resolve(OptionalLong.empty())).hasValue(512L << 20);
    }

    @Test
    void aShareIsOfTheHostsMemory() {
        assertThat(BudgetSetting.parse("75%").resolve(OptionalLong.of(16 * GIB))).hasValue(12 * GIB);
        assertThat(BudgetSetting.parse("12.5 %").resolve(OptionalLong.of(8 * GIB))).hasValue(GIB);
    }

    @Test
    void aShareOfAnUnknownHostOrNoneIsNoBudget() {
        assertThat(BudgetSetting.parse("75%").resolve(OptionalLong.empty())).isEmpty();
        assertThat(BudgetSetting.parse("none").unlimited()).isTrue();
        assertThat(BudgetSetting.parse("none").resolve(OptionalLong.of(GIB))).isEmpty();
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> BudgetSetting.parse("8XB")).hasMessageContaining("fleet.memory-budget")
                .hasMessageContaining("\"8XB\" is not a memory budget");
        assertThatThrownBy(() -> BudgetSetting.parse("150%")).hasMessageContaining("at most 100%");
        assertThatThrownBy(() -> BudgetSetting.parse("0")).hasMessageContaining("is not a memory budget");
        assertThatThrownBy(() -> BudgetSetting.parse("lots%")).hasMessageContaining("is not a memory budget");
    }
}
