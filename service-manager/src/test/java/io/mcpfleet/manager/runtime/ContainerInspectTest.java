package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.mcpfleet.manager.lifecycle.ContainerSnapshot;
import io.mcpfleet.manager.lifecycle.ContainerStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerInspectTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static InspectContainerResponse inspected(String status, int exitCode, String startedAt) throws Exception {
        return JSON.readValue("""
                {"Id":"6c6d4cc8be115b0293aa304e09b07219de75326bc7fcf59b2211451ed0fab309",
                 "Created":"2026-11-27T07:45:00.123456789Z",
                 "Name":"/fleet-foo-1",
                 "State":{"Status":"%s","Running":false,"ExitCode":%d,"StartedAt":"%s"},
                 "Config":{"Labels":{"io.mcpfleet.managed":"true","io.mcpfleet.service":"foo"}},
                 "NetworkSettings":{"Ports":{
                    "8000/tcp":[{"HostIp":"127.0.0.1","HostPort":"32768"},{"HostIp":"::1","HostPort":"32768"}],
                    "9000/tcp":null,
                    "53/udp":[{"HostIp":"0.0.0.0","HostPort":"5353"}]}}}
                """.formatted(status, exitCode, startedAt), InspectContainerResponse.class);
    }

    @Test
    void exitedContainerHasItsExitCodeAndNameWithoutSlash() throws Exception {
        ContainerSnapshot snapshot = ContainerInspect.snapshot(inspected("exited", 143, "2026-11-27T07:45:01Z"));

        assertThat(snapshot.name()).isEqualTo("fleet-foo-1");
        assertThat(snapshot.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(snapshot.exitCode()).isEqualTo(143);
        assertThat(snapshot.label("io.mcpfleet.service")).isEqualTo("foo");
        assertThat(snapshot.created()).isEqualTo(Instant.parse("2026-11-27T07:45:00.123456789Z"));
        assertThat(snapshot.startedAt()).isEqualTo(Instant.parse("2026-11-27T07:45:01Z"));
    }

    @Test
    void neverStartedContainerHasNoStartTimeAndRunningOneNoExitCode() throws Exception {
        ContainerSnapshot created = ContainerInspect.snapshot(inspected("created", 0, "0001-01-01T00:00:00Z"));
        ContainerSnapshot running = ContainerInspect.snapshot(inspected("running", 0, "2026-11-27T07:45:01Z"));

        assertThat(created.startedAt()).isNull();
        assertThat(created.exitCode()).isNull();
        assertThat(running.exitCode()).isNull();
    }

    @Test
    void onlyTcpPortsBoundOnTheHostArePublished() throws Exception {
        ContainerSnapshot snapshot = ContainerInspect.snapshot(inspected("running", 0, "2026-11-27T07:45:01Z"));

        assertThat(snapshot.publishedPorts()).isEqualTo(Map.of(8000, 32768));
    }

    @Test
    void unknownEngineStateIsTreatedAsUnusable() {
        assertThat(ContainerInspect.status("hibernating")).isEqualTo(ContainerStatus.DEAD);
        assertThat(ContainerInspect.status("paused")).isEqualTo(ContainerStatus.PAUSED);
    }
}
