package io.mcpfleet.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.InMemoryRuntime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The API's shapes and errors (DESIGN.md contracts), over an in-memory engine. */
@WebMvcTest(controllers = {ServicesController.class, ActivityController.class})
@Import({InMemoryFleet.class, Views.class})
class ServicesApiTest {

    @Autowired
    MockMvcTester mvc;
    @Autowired
    FleetLifecycle fleet;
    @Autowired
    InMemoryRuntime runtime;

    @AfterEach
    void stopAll() throws Exception {
        fleet.stop("echo", "test").get(30, TimeUnit.SECONDS);
        fleet.stop("files", "test").get(30, TimeUnit.SECONDS);
    }

    @Test
    void listsEveryConfiguredServiceWithStateReplicasAndRouting() {
        MvcTestResult result = mvc.get().uri("/services").exchange();

        assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$[*].name").asArray().containsExactly("echo", "files");
        assertThat(result).bodyJson().extractingPath("$[0].state").isEqualTo("stopped");
        assertThat(result).bodyJson().extractingPath("$[0].desired_replicas").isEqualTo(0);
        assertThat(result).bodyJson().extractingPath("$[0].healthy_replicas").isEqualTo(0);
        assertThat(result).bodyJson().extractingPath("$[0].sleep.mode").isEqualTo("stop");
        assertThat(result).bodyJson().extractingPath("$[0].routing.mcp_path").isEqualTo("/mcp");
        assertThat(result).bodyJson().extractingPath("$[0].routing.tools[0].annotations.readOnlyHint")
                .isEqualTo(true);
    }

    @Test
    void startWaitsForAHealthyInstanceAndNamesItsContainer() {
        MvcTestResult result = mvc.post().uri("/services/echo/start").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("started");
        assertThat(result).bodyJson().extractingPath("$.container_id").isEqualTo(runtime.all().get(0).id());
        assertThat(result).bodyJson().extractingPath("$.state").isEqualTo("running");
    }

    @Test
    void startIsIdempotent() {
        mvc.post().uri("/services/echo/start").exchange();
        mvc.post().uri("/services/echo/start").exchange();

        assertThat(runtime.all()).hasSize(1);
    }

    @Test
    void startWithoutWaitingAnswersAtOnce() {
        MvcTestResult result = mvc.post().uri("/services/echo/start?wait=false").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.container_id").isEqualTo(runtime.all().get(0).id());
    }

    @Test
    void aStartMaySayItIsOnlyToLearnTheTools() {
        MvcTestResult result = mvc.post().uri("/services/echo/start?wait=false&reason=learn-tools").exchange();

        assertThat(result).hasStatusOk();
        assertThat(runtime.all()).hasSize(1);
    }

    @Test
    void aStartReasonTheManagerDoesNotKnowIsRefused() {
        MvcTestResult result = mvc.post().uri("/services/echo/start?reason=because").exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("learn-tools")
                .contains("because");
        assertThat(runtime.all()).isEmpty();
    }

    @Test
    void stopAnswersStoppedAndRemovesTheContainers() {
        mvc.post().uri("/services/echo/start").exchange();

        MvcTestResult result = mvc.post().uri("/services/echo/stop").exchange();

        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("{\"status\":\"stopped\"}");
        assertThat(runtime.all()).isEmpty();
    }

    @Test
    void scaleTakesTheCountFromTheQueryOrTheBody() {
        assertThat(mvc.post().uri("/services/echo/scale?replicas=2").exchange()).hasStatusOk().bodyJson()
                .isLenientlyEqualTo("{\"status\":\"scaled\",\"replicas\":2}");
        assertThat(mvc.post().uri("/services/echo/scale").contentType(MediaType.APPLICATION_JSON)
                .content("{\"replicas\":3}").exchange()).hasStatusOk().bodyJson()
                .isLenientlyEqualTo("{\"status\":\"scaled\",\"replicas\":3}");
        assertThat(runtime.all()).hasSize(3);
    }

    @Test
    void scaleRejectsCountsOutsideTheServiceBoundsAndBadBodies() {
        assertProblem(mvc.post().uri("/services/echo/scale?replicas=5").exchange(), HttpStatus.BAD_REQUEST, "0-4");
        assertProblem(mvc.post().uri("/services/echo/scale?replicas=-1").exchange(), HttpStatus.BAD_REQUEST, "0-4");
        assertProblem(mvc.post().uri("/services/echo/scale?replicas=lots").exchange(), HttpStatus.BAD_REQUEST,
                "must be an integer");
        assertProblem(mvc.post().uri("/services/echo/scale?replicas=99999999999").exchange(),
                HttpStatus.BAD_REQUEST, "replicas");
        assertProblem(mvc.post().uri("/services/echo/scale").exchange(), HttpStatus.BAD_REQUEST, "?replicas=N");
        assertProblem(mvc.post().uri("/services/echo/scale?replicas=1").contentType(MediaType.APPLICATION_JSON)
                .content("{\"replicas\":2}").exchange(), HttpStatus.BAD_REQUEST, "differ");
        assertThat(mvc.post().uri("/services/echo/scale").contentType(MediaType.APPLICATION_JSON)
                .content("{\"replicas\":").exchange()).hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.post().uri("/services/echo/scale").contentType(MediaType.APPLICATION_JSON)
                .content("{\"replicas\":\"two\"}").exchange()).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(runtime.all()).isEmpty();
    }

    @Test
    void statusListsEveryInstance() {
        mvc.post().uri("/services/echo/start").exchange();

        MvcTestResult result = mvc.get().uri("/services/echo/status").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.name").isEqualTo("echo");
        assertThat(result).bodyJson().extractingPath("$.state").isEqualTo("running");
        assertThat(result).bodyJson().extractingPath("$.desired_replicas").isEqualTo(1);
        assertThat(result).bodyJson().extractingPath("$.instances[0].state").isEqualTo("running");
        assertThat(result).bodyJson().extractingPath("$.instances[0].health").isEqualTo("healthy");
        assertThat(result).bodyJson().extractingPath("$.instances[0].endpoint").asString()
                .startsWith("http://127.0.0.1:");
    }

    @Test
    void statusSaysWhyTheServiceSleepsOrStaysUpAndItsLastSleepAndWake() {
        mvc.post().uri("/services/echo/start").exchange();
        mvc.post().uri("/activity").contentType(MediaType.APPLICATION_JSON).content("{\"router_id\":\"r1\","
                + "\"services\":{\"echo\":{\"in_flight\":2,\"streams\":0,\"sessions\":1}}}").exchange();

        MvcTestResult busy = mvc.get().uri("/services/echo/status").exchange();
        fleet.sleep("echo", "idle").join();
        mvc.post().uri("/services/echo/start").exchange();
        MvcTestResult woken = mvc.get().uri("/services/echo/status").exchange();

        assertThat(busy).bodyJson().extractingPath("$.sleep.verdict")
                .isEqualTo("busy: 2 calls in flight, 1 session bound");
        assertThat(busy).bodyJson().extractingPath("$.sleep.in_flight").isEqualTo(2);
        assertThat(busy).bodyJson().extractingPath("$.sleep.sessions").isEqualTo(1);
        assertThat(busy).bodyJson().extractingPath("$.sleep.awake_since").isNotNull();
        assertThat(woken).bodyJson().extractingPath("$.sleep.last_sleep.reason").isEqualTo("idle");
        assertThat(woken).bodyJson().extractingPath("$.sleep.last_sleep.mode").isEqualTo("stop");
        assertThat(woken).bodyJson().extractingPath("$.sleep.last_wake.reason").isEqualTo("api");
        assertThat(woken).bodyJson().extractingPath("$.sleep.last_wake.mode").isEqualTo("stop");
    }

    @Test
    void healthReportsEachInstanceLikeTheSeed() {
        mvc.post().uri("/services/echo/start").exchange();

        MvcTestResult one = mvc.get().uri("/services/echo/health").exchange();
        MvcTestResult all = mvc.get().uri("/services/health").exchange();

        assertThat(one).bodyJson().extractingPath("$.service").isEqualTo("echo");
        assertThat(one).bodyJson().extractingPath("$.instances[0].container_id")
                .isEqualTo(runtime.all().get(0).id());
        assertThat(one).bodyJson().extractingPath("$.instances[0].status").isEqualTo("healthy");
        assertThat(one).bodyJson().extractingPath("$.instances[0].response_time").isEqualTo(0.001);
        assertThat(all).bodyJson().extractingPath("$[*].service").asArray().containsExactly("echo", "files");
    }

    @Test
    void instancesListsOnlyRoutableEndpoints() {
        assertThat(mvc.get().uri("/services/echo/instances").exchange()).bodyJson()
                .isLenientlyEqualTo("{\"service\":\"echo\",\"state\":\"stopped\",\"instances\":[]}");
        mvc.post().uri("/services/echo/start").exchange();

        MvcTestResult result = mvc.get().uri("/services/echo/instances").exchange();

        assertThat(result).bodyJson().extractingPath("$.instances[0].id").isEqualTo(runtime.all().get(0).id());
        assertThat(result).bodyJson().extractingPath("$.instances[0].endpoint").asString()
                .startsWith("http://127.0.0.1:");
    }

    @Test
    void unknownServicesAre404ProblemsOnEveryEndpoint() {
        for (String path : new String[] {"/services/nope/status", "/services/nope/health",
                "/services/nope/instances"}) {
            assertProblem(mvc.get().uri(path).exchange(), HttpStatus.NOT_FOUND, "unknown service 'nope'");
        }
        for (String path : new String[] {"/services/nope/start", "/services/nope/stop",
                "/services/nope/scale?replicas=1"}) {
            assertProblem(mvc.post().uri(path).exchange(), HttpStatus.NOT_FOUND, "known services: echo, files");
        }
        assertProblem(mvc.post().uri("/services/..%2F..%2Fetc/start").exchange(), HttpStatus.NOT_FOUND,
                "unknown service");
        assertThat(runtime.all()).isEmpty();
    }

    @Test
    void wrongMethodsAreProblemsToo() {
        assertThat(mvc.get().uri("/services/echo/start").exchange()).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.delete().uri("/services").exchange()).hasStatus(HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void activityReportsAreValidated() {
        assertThat(mvc.post().uri("/activity").contentType(MediaType.APPLICATION_JSON)
                .content("{\"router_id\":\"r1\",\"services\":{\"echo\":{\"in_flight\":1,\"streams\":0,"
                        + "\"sessions\":0,\"ms_since_last_call\":5,\"instances\":{}}}}")
                .exchange()).hasStatus(HttpStatus.NO_CONTENT);
        assertProblem(mvc.post().uri("/activity").contentType(MediaType.APPLICATION_JSON)
                .content("{\"services\":{}}").exchange(), HttpStatus.BAD_REQUEST, "router_id");
        assertProblem(mvc.post().uri("/activity").contentType(MediaType.APPLICATION_JSON)
                .content("{\"router_id\":\"r1\",\"services\":{\"echo\":{\"in_flight\":-1,\"streams\":0,"
                        + "\"sessions\":0}}}").exchange(), HttpStatus.BAD_REQUEST, "not negative");
        assertThat(mvc.post().uri("/activity").contentType(MediaType.APPLICATION_JSON).content("[1,2")
                .exchange()).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.post().uri("/activity").contentType(MediaType.TEXT_PLAIN).content("hello").exchange())
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    private static void assertProblem(MvcTestResult result, HttpStatus status, String detailFragment) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detailFragment);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
    }
}
