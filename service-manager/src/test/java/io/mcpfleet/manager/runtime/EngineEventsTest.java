package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import io.mcpfleet.manager.lifecycle.ContainerEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineEventsTest {

    @Test
    void eventKeepsTheContainerLabelsWithoutTheEngineAttributes() {
        Event event = new Event("die", "abc", "busybox", null)
                .withAction("die")
                .withTimenano(1_700_000_000_123_000_000L)
                .withEventActor(new EventActor().withId("abc").withAttributes(Map.of(
                        "io.mcpfleet.service", "foo", "name", "fleet-foo-1", "image", "busybox", "exitCode", "143")));

        ContainerEvent mapped = EngineEvents.toEvent(event);

        assertThat(mapped.id()).isEqualTo("abc");
        assertThat(mapped.action()).isEqualTo("die");
        assertThat(mapped.labels()).isEqualTo(Map.of("io.mcpfleet.service", "foo"));
        assertThat(mapped.time()).isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
    }
}
