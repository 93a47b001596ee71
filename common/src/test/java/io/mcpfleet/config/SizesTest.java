package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
            "268435456, 268435456",
            "512B, 512",
            "512b, 512",
            "64k, 65536", "64K, 65536", "64KB, 65536", "64Ki, 65536", "64KiB, 65536",
            "256m, 268435456", "256M, 268435456", "256MB, 268435456", "256Mi, 268435456", "256MiB, 268435456",
            "256mb, 268435456", "'256 MB', 268435456",
            "1g, 1073741824", "1G, 1073741824", "1GB, 1073741824", "1Gi, 1073741824", "1GiB, 1073741824",
            "1.5GiB, 1610612736",
            "1T, 1099511627776", "1TiB, 1099511627776",
    })
    void everyUnitSpellingIsBinary(String text, long bytes) {
        assertThat(Sizes.parseBytes(text)).hasValue(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12XB", "MB", "-5MB", "1.5.2G", "five", "256 M B", "99999999999999999999G"})
    void whatIsNotASizeIsRefused(String text) {
        assertThat(Sizes.parseBytes(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource({"6291456, 6MiB", "1073741824, 1GiB", "1000, 1000B", "1536, 1536B", "3072, 3KiB"})
    void sizesAreFormattedInTheLargestExactUnit(long bytes, String text) {
        assertThat(Sizes.format(bytes)).isEqualTo(text);
    }
}
