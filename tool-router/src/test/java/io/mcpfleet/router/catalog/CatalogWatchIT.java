package io.mcpfleet.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.router.it.RouterTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The router's own session with a service (to learn its tools and hear them change) follows the
 * service through sleep and wake without waking it: it closes when the instance leaves the fleet,
 * whether the container is then paused or stopped, and reopens once a call has woken it.
 */
class CatalogWatchIT extends RouterTestBase {

    @Autowired
    CatalogLearner learner;

    @Test
    void theWatchClosesWhenItsServiceSleepsWakesNothingAndReopensAfterAWake() {
        await().until(() -> "siesta-1".equals(learner.watching("siesta")));
        int starts = fleet.directory.starts("siesta");
        fleet.directory.onStart("siesta", name -> { });

        fleet.directory.drain("siesta");
        fleet.mimics.get("siesta-1").close();

        await().until(() -> learner.watching("siesta") == null);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> fleet.directory.starts("siesta") == starts && learner.watching("siesta") == null);
        fleet.restart("siesta-1", false);
        fleet.directory.publish("siesta", List.of(new RoutableInstance("siesta-1",
                fleet.mimics.get("siesta-1").baseUrl())));
        await().until(() -> "siesta-1".equals(learner.watching("siesta")));
        assertThat(fleet.directory.starts("siesta")).isEqualTo(starts);
    }
}
