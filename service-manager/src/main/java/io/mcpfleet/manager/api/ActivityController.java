package io.mcpfleet.manager.api;

import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.manager.activity.ActivityLedger;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /activity}: routers report what they have in flight, at least every second. */
@RestController
class ActivityController {

    private final ActivityLedger ledger;

    ActivityController(ActivityLedger ledger) {
        this.ledger = ledger;
    }

    @PostMapping(path = "/activity", consumes = "application/json")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void report(@RequestBody ActivityReport report) {
        if (report.routerId() == null || report.routerId().isBlank() || report.routerId().length() > 200) {
            throw new BadRequestException("router_id is required (1-200 characters)");
        }
        if (report.services() == null) {
            throw new BadRequestException("services is required (an object, possibly empty)");
        }
        report.services().forEach((name, activity) -> {
            if (activity == null || activity.inFlight() < 0 || activity.streams() < 0 || activity.sessions() < 0) {
                throw new BadRequestException("services." + name + ": counts must be present and not negative");
            }
        });
        ledger.record(report);
    }
}
