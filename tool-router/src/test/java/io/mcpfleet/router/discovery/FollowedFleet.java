package io.mcpfleet.router.discovery;

import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.ServiceSummary;

/** A {@link FleetView} that follows an {@link InMemoryFleetDirectory}, as the router's discovery does, without Spring. */
public final class FollowedFleet {

    private FollowedFleet() {
    }

    /** The directory's services now, then every event it publishes. */
    public static FleetView of(InMemoryFleetDirectory directory) {
        FleetView view = new FleetView();
        view.applySummaries(directory.services());
        for (ServiceSummary summary : directory.services()) {
            view.applyInstances(summary.name(), summary.state(), directory.instances(summary.name()).instances());
        }
        directory.subscribe(new FleetDirectory.Listener() {
            @Override
            public void onEvent(FleetEvent event) {
                view.apply(event);
            }

            @Override
            public void onConnected() {
                // the view was filled above
            }
        });
        return view;
    }
}
