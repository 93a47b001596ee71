package io.mcpfleet.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.InMemoryRuntime;
import io.mcpfleet.manager.resources.Footprints;
import io.mcpfleet.manager.resources.MemoryBudget;
import io.mcpfleet.manager.sleep.SleepPolicyEnforcer;
import io.mcpfleet.testsupport.MutableClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** {@code GET /fleet} (the console's one read) and {@code POST /services/{name}/sleep}, over an in-memory engine. */
@WebMvcTest(controllers = {FleetController.class, ServicesController.class})
@Import({InMemoryFleet.class, Views.class, FleetApiTest.Budget.class})
@TestPropertySource(properties = "fleet.name=console-test")
class FleetApiTest {

    private static final long GIB = 1L << 30;

    @Autowired
    MockMvcTester mvc;
    @Autowired
    FleetLifecycle fleet;
    @Autowired
    InMemoryRuntime runtime;

    @TestConfiguration(proxyBeanMethods = false)
    static class Budget {
        @Bean
        Footprints footprints() {
            return new Footprints();
        }

        @Bean
        MemoryBudget memoryBudget(InMemoryRuntime runtime, Footprints footprints, SleepPolicyEnforcer sleep,
                                  MutableClock clock, FleetLifecycle fleet) {
            MemoryBudget budget = new MemoryBudget(GIB, "1GiB", runtime, footprints, sleep, clock);
            budget.bind(fleet);
            return budget;
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        fleet.stop("echo", "test").get(30, TimeUnit.SECONDS);
    }

    @Test
    void theOverviewHasEveryServiceWithItsStatusImageToolsAndTheFleetsMemory() throws Exception {
        fleet.start("echo", "test").ready().get(10, TimeUnit.SECONDS);

        MvcTestResult result = mvc.get().uri("/fleet").exchange();

        assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.fleet").isEqualTo("console-test");
        assertThat(result).bodyJson().extractingPath("$.memory_budget_bytes").isEqualTo((int) GIB);
        assertThat(result).bodyJson().extractingPath("$.memory_budget_source").isEqualTo("1GiB");
        assertThat(result).bodyJson().extractingPath("$.sleeping_saves_bytes").isEqualTo(0);
        assertThat(result).bodyJson().extractingPath("$.services[*].status.name").asArray()
                .containsExactly("echo", "files");
        assertThat(result).bodyJson().extractingPath("$.services[0].image").isEqualTo("mimic:1");
        assertThat(result).bodyJson().extractingPath("$.services[0].tools").isEqualTo(1);
        assertThat(result).bodyJson().extractingPath("$.services[0].memory_limit_bytes").isNull();
        assertThat(result).bodyJson().extractingPath("$.services[0].status.state").isEqualTo("running");
        assertThat(result).bodyJson().extractingPath("$.services[0].status.instances[0].id")
                .isEqualTo(runtime.all().get(0).id());
        assertThat(result).bodyJson().extractingPath("$.services[1].status.state").isEqualTo("stopped");
    }

    @Test
    void sleepNowPutsARunningServiceToSleep() throws Exception {
        fleet.start("echo", "test").ready().get(10, TimeUnit.SECONDS);

        MvcTestResult result = mvc.post().uri("/services/echo/sleep").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("asleep");
        assertThat(fleet.service("echo").state().wireName()).isEqualTo("sleeping");
    }

    @Test
    void sleepOfAnUnknownServiceIsA404Problem() {
        MvcTestResult result = mvc.post().uri("/services/nope/sleep").exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("nope");
    }
}
