package io.mcpfleet.manager.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.LogLine;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.InMemoryRuntime;
import io.mcpfleet.manager.logs.FleetLogs;
import io.mcpfleet.manager.logs.LogFollow;
import io.mcpfleet.manager.logs.LogRequest;
import io.mcpfleet.testsupport.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** {@code GET /services/{name}/logs}: shapes, bounds and errors, over an in-memory engine. */
@WebMvcTest(controllers = LogsController.class)
@Import({InMemoryFleet.class, LogsApiTest.Logs.class})
class LogsApiTest {

    @Autowired
    MockMvcTester mvc;
    @Autowired
    MockMvc mockMvc;
    @Autowired
    FleetLifecycle fleet;
    @Autowired
    InMemoryRuntime runtime;
    @Autowired
    MutableClock clock;
    @Autowired
    FleetLogs logs;

    @TestConfiguration(proxyBeanMethods = false)
    static class Logs {
        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }

        @Bean
        FleetLogs fleetLogs(FleetLifecycle fleet, InMemoryRuntime runtime,
                            io.mcpfleet.manager.events.FleetEvents events,
                            java.util.concurrent.ScheduledExecutorService apiScheduler, MutableClock clock,
                            MeterRegistry meters) {
            return new FleetLogs(fleet, runtime, events, apiScheduler, clock, meters);
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        fleet.stop("echo", "test").get(30, TimeUnit.SECONDS);
    }

    @Test
    void linesOfEveryInstanceComeOldestFirstWithInstanceStreamAndTime() throws Exception {
        List<String> ids = twoInstances();
        Instant t0 = clock.instant();
        runtime.print(ids.get(0), "stdout", "first");
        clock.advance(Duration.ofSeconds(1));
        runtime.print(ids.get(1), "stderr", "second");
        clock.advance(Duration.ofSeconds(1));
        runtime.print(ids.get(0), "stdout", "third");

        MvcTestResult result = mvc.get().uri("/services/echo/logs").exchange();

        assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.service").isEqualTo("echo");
        assertThat(result).bodyJson().extractingPath("$.lines[*].text").asArray()
                .containsExactly("first", "second", "third");
        assertThat(result).bodyJson().extractingPath("$.lines[1].instance").isEqualTo(ids.get(1));
        assertThat(result).bodyJson().extractingPath("$.lines[1].instance_name").asString().startsWith("api-test-echo");
        assertThat(result).bodyJson().extractingPath("$.lines[1].stream").isEqualTo("stderr");
        assertThat(result).bodyJson().extractingPath("$.lines[1].time").isEqualTo(t0.plusSeconds(1).toString());
        assertThat(result).bodyJson().extractingPath("$.lines[1].truncated").isEqualTo(false);
    }

    @Test
    void tailSinceAndInstanceNarrowTheLines() throws Exception {
        List<String> ids = twoInstances();
        Instant t0 = clock.instant();
        for (int i = 1; i <= 5; i++) {
            runtime.print(ids.get(i % 2), "stdout", "line " + i);
            clock.advance(Duration.ofSeconds(10));
        }
        String name = fleet.service("echo").instances().get(0).name();

        assertThat(mvc.get().uri("/services/echo/logs?tail=2").exchange()).bodyJson()
                .extractingPath("$.lines[*].text").asArray().containsExactly("line 4", "line 5");
        assertThat(mvc.get().uri("/services/echo/logs?since=" + t0.plusSeconds(20)).exchange()).bodyJson()
                .extractingPath("$.lines[*].text").asArray().containsExactly("line 3", "line 4", "line 5");
        assertThat(mvc.get().uri("/services/echo/logs?since=25s").exchange()).bodyJson()
                .extractingPath("$.lines[*].text").asArray().containsExactly("line 4", "line 5");
        assertThat(mvc.get().uri("/services/echo/logs?instance=" + ids.get(0)).exchange()).bodyJson()
                .extractingPath("$.lines[*].text").asArray().containsExactly("line 2", "line 4");
        assertThat(mvc.get().uri("/services/echo/logs?instance=" + name).exchange()).bodyJson()
                .extractingPath("$.lines[*].text").asArray().containsExactly("line 2", "line 4");
        assertThat(mvc.get().uri("/services/echo/logs?instance=" + ids.get(1).substring(0, 3)).exchange()).bodyJson()
                .extractingPath("$.lines[*].text").asArray().containsExactly("line 1", "line 3", "line 5");
    }

    @Test
    void longLinesAreCutAndSaySo() throws Exception {
        String id = twoInstances().get(0);
        runtime.print(id, "stdout", "x".repeat(10_000));

        MvcTestResult result = mvc.get().uri("/services/echo/logs").exchange();

        assertThat(result).bodyJson().extractingPath("$.lines[0].text").asString().hasSize(4096);
        assertThat(result).bodyJson().extractingPath("$.lines[0].truncated").isEqualTo(true);
    }

    @Test
    void badParametersAre400ProblemsSayingWhatToSend() {
        assertProblem(mvc.get().uri("/services/echo/logs?tail=1001").exchange(), HttpStatus.BAD_REQUEST,
                "between 0 and 1000");
        assertProblem(mvc.get().uri("/services/echo/logs?tail=-1").exchange(), HttpStatus.BAD_REQUEST, "tail");
        assertProblem(mvc.get().uri("/services/echo/logs?tail=lots").exchange(), HttpStatus.BAD_REQUEST, "tail");
        assertProblem(mvc.get().uri("/services/echo/logs?since=yesterday").exchange(), HttpStatus.BAD_REQUEST,
                "parameter 'since' must be a time");
        assertProblem(mvc.get().uri("/services/echo/logs?follow=yes").exchange(), HttpStatus.BAD_REQUEST,
                "true or false");
        assertProblem(mvc.get().uri("/services/echo/logs?instance=../etc").exchange(), HttpStatus.BAD_REQUEST,
                "container id or name");
        assertProblem(mvc.get().uri("/services/echo/logs?follow=true").accept(MediaType.APPLICATION_JSON).exchange(),
                HttpStatus.BAD_REQUEST, "text/event-stream");
    }

    @Test
    void unknownServicesAndInstancesAre404Problems() throws Exception {
        twoInstances();

        assertProblem(mvc.get().uri("/services/nope/logs").exchange(), HttpStatus.NOT_FOUND, "unknown service 'nope'");
        assertProblem(mvc.get().uri("/services/nope/logs?follow=true").accept(MediaType.TEXT_EVENT_STREAM).exchange(),
                HttpStatus.NOT_FOUND, "unknown service 'nope'");
        MvcTestResult instance = mvc.get().uri("/services/echo/logs?instance=c999").exchange();
        assertProblem(instance, HttpStatus.NOT_FOUND, "service 'echo' has no instance 'c999'; its instances: api-test-echo");
        assertThat(instance).bodyJson().extractingPath("$.type").isEqualTo("https://mcpfleet.io/problems/unknown-instance");
        // "c" is a prefix of both instances' ids: not one instance
        assertProblem(mvc.get().uri("/services/echo/logs?instance=c").exchange(), HttpStatus.NOT_FOUND, "no instance");
    }

    @Test
    void followStreamsTheTailThenNewLinesAsServerSentEvents() throws Exception {
        String id = twoInstances().get(0);
        runtime.print(id, "stdout", "before");

        MvcResult started = mockMvc.perform(MockMvcRequestBuilders.get("/services/echo/logs?follow=true&tail=5")
                .accept(MediaType.TEXT_EVENT_STREAM)).andReturn();
        runtime.print(id, "stderr", "after");

        assertThat(started.getRequest().isAsyncStarted()).isTrue();
        assertThat(started.getResponse().getContentType()).startsWith("text/event-stream");
        await().until(() -> started.getResponse().getContentAsString().contains("\"text\":\"after\""));
        String body = started.getResponse().getContentAsString();
        assertThat(body).contains("event:line").contains("\"text\":\"before\"").contains("\"stream\":\"stderr\"");
        assertThat(body.indexOf("before")).isLessThan(body.indexOf("after"));
        assertThat(logs.follows()).isEqualTo(1);
    }

    @Test
    void aFollowReadsInstancesThatAppearLaterAndClosingItClosesEveryEngineStream() throws Exception {
        fleet.scale("echo", 1, "test").get(10, TimeUnit.SECONDS);
        String first = fleet.service("echo").instances().get(0).id();
        List<LogLine> seen = new CopyOnWriteArrayList<>();
        LogFollow follow = logs.follow("echo", LogRequest.parse("0", null, null, "true", clock), sink(seen, null));

        fleet.scale("echo", 2, "test").get(10, TimeUnit.SECONDS);
        String second = fleet.service("echo").instances().stream().map(i -> i.id()).filter(i -> !i.equals(first))
                .findFirst().orElseThrow();
        await().until(() -> runtime.following() == 2);
        runtime.print(first, "stdout", "from the first");
        runtime.print(second, "stdout", "from the second");

        await().until(() -> seen.size() == 2);
        assertThat(seen).extracting(LogLine::instance).containsExactly(first, second);
        assertThat(logs.engineStreams()).isEqualTo(2);
        follow.close();
        assertThat(runtime.following()).isZero();
        assertThat(logs.engineStreams()).isZero();
        assertThat(logs.follows()).isZero();
    }

    @Test
    void aFollowSkipsLinesOverTheRateAndSaysHowMany() throws Exception {
        String id = twoInstances().get(0);
        List<LogLine> seen = new CopyOnWriteArrayList<>();
        AtomicLong skipped = new AtomicLong();
        LogFollow follow = logs.follow("echo", LogRequest.parse("0", null, id, "true", clock), sink(seen, skipped));

        for (int i = 0; i < LogRequest.MAX_TAIL + 50; i++) {
            runtime.print(id, "stdout", "line " + i);
        }
        clock.advance(Duration.ofSeconds(1));
        runtime.print(id, "stdout", "after a second");
        follow.close();

        assertThat(seen).hasSize(LogRequest.MAX_TAIL + 1);
        assertThat(seen.get(seen.size() - 1).text()).isEqualTo("after a second");
        assertThat(skipped.get()).isEqualTo(50);
    }

    private List<String> twoInstances() throws Exception {
        fleet.scale("echo", 2, "test").get(10, TimeUnit.SECONDS);
        return fleet.service("echo").instances().stream().map(i -> i.id()).toList();
    }

    private static LogFollow.Sink sink(List<LogLine> seen, AtomicLong skipped) {
        return new LogFollow.Sink() {
            @Override
            public void line(LogLine line) {
                seen.add(line);
            }

            @Override
            public void skipped(long count) {
                if (skipped != null) {
                    skipped.addAndGet(count);
                }
            }
        };
    }

    private static void assertProblem(MvcTestResult result, HttpStatus status, String detailFragment) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detailFragment);
    }
}
