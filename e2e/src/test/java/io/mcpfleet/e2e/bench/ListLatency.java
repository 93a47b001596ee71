package io.mcpfleet.e2e.bench;

import io.mcpfleet.testsupport.ManagerApi;
import java.net.http.HttpResponse;

/** (b) {@code GET /services}, one request after the other, with whatever fleet the manager has. */
final class ListLatency {

    private static final int WARM_UP = 50;

    private final ManagerApi manager;

    ListLatency(ManagerApi manager) {
        this.manager = manager;
    }

    Latencies run(int requests) {
        for (int i = 0; i < WARM_UP; i++) {
            get();
        }
        Latencies latencies = new Latencies();
        for (int i = 0; i < requests; i++) {
            long began = System.nanoTime();
            get();
            latencies.add(System.nanoTime() - began);
        }
        return latencies;
    }

    private void get() {
        HttpResponse<String> response = manager.get("/services");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /services answered " + response.statusCode() + ": " + response.body());
        }
    }
}
