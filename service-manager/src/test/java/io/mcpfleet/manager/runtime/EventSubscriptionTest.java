package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import io.mcpfleet.manager.lifecycle.ContainerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSubscriptionTest {

    @Test
    void sinceIsSecondsAndNanoseconds() {
        assertThat(EventSubscription.since(1_700_000_000_000_000_001L)).isEqualTo("1700000000.000000001");
    }

    @Test
    void backoffDoublesFromAHundredMillisecondsUpToFiveSeconds() {
        assertThat(EventSubscription.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(EventSubscription.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(EventSubscription.backoff(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(EventSubscription.backoff(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(EventSubscription.backoff(500)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void eventKeepsTheContainerLabelsWithoutTheEngineAttributes() {
        Event event = new Event("die", "abc", "busybox", null)
                .withAction("die")
                .withTimenano(1_700_000_000_123_000_000L)
                .withEventActor(new EventActor().withId("abc").withAttributes(Map.of(
                        "io.mcpfleet.service", "foo", "name", "fleet-foo-1", "image", "busybox", "exitCode", "143")));

        ContainerEvent mapped = EventSubscription.toEvent(event);

        assertThat(mapped.id()).isEqualTo("abc");
        assertThat(mapped.action()).isEqualTo("die");
        assertThat(mapped.labels()).isEqualTo(Map.of("io.mcpfleet.service", "foo"));
        assertThat(mapped.time()).isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
    }
}
