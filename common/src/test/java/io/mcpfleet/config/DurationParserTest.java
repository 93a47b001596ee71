package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "300, PT5M",
            "0.5, PT0.5S",
            "90s, PT1M30S",
            "5m, PT5M",
            "1h, PT1H",
            "1h30m, PT1H30M",
            "1h30m15s, PT1H30M15S",
            "500ms, PT0.5S",
            "1s500ms, PT1.5S",
            "1.5s, PT1.5S",
            "2d, PT48H",
            "0s, PT0S",
    })
    void everyFormOperatorsWriteIsRead(String text, Duration expected) {
        assertThat(DurationParser.parse(text)).hasValue(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5 minutes", "5min", "-5s", "1m1h", "5s5s", "10 s", "h", "1w", "366d", "PT5M"})
    void whatIsNotADurationIsRefused(String text) {
        assertThat(DurationParser.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource({"PT1H30M, 1h30m", "PT5M, 5m", "PT0.1S, 100ms", "PT1M30S, 1m30s"})
    void durationsAreFormattedAsOperatorsWriteThem(Duration duration, String text) {
        assertThat(DurationParser.format(duration)).isEqualTo(text);
    }
}
