package io.mcpfleet.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningStartsTest {

    private final MutableClock clock = new MutableClock();
    private final LearningStarts starts = new LearningStarts(clock);

    @Test
    void theFirstStartGoesAtOnceAndEachNextOneAfterADoublingBackOffUpToAnHour() {
        List<Long> minutesBetween = new ArrayList<>();
        assertThat(starts.begin("fetch")).hasValueSatisfying(a -> assertThat(a.count()).isEqualTo(1));

        for (int attempt = 2; attempt <= 9; attempt++) {
            long waited = 0;
            while (starts.begin("fetch").isEmpty()) {
                clock.advance(Duration.ofMinutes(1));
                waited++;
            }
            minutesBetween.add(waited);
        }

        assertThat(minutesBetween).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);
    }

    @Test
    void aStartIsNotRepeatedBeforeItsBackOffEnds() {
        starts.begin("fetch");
        clock.advance(Duration.ofSeconds(59));

        assertThat(starts.begin("fetch")).isEmpty();
        assertThat(starts.begin("other")).isPresent();
    }

    @Test
    void onceTheToolsAreKnownTheScheduleStartsAfresh() {
        starts.begin("fetch");
        starts.learned("fetch");

        assertThat(starts.begin("fetch")).hasValueSatisfying(a -> assertThat(a.count()).isEqualTo(1));
    }
}
