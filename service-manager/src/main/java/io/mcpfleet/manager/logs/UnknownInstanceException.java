package io.mcpfleet.manager.logs;

import java.util.List;

/** A request named an instance the service does not have (now). */
public class UnknownInstanceException extends RuntimeException {

    private final String service;

    UnknownInstanceException(String service, String instance, List<String> known) {
        super("service '" + service + "' has no instance '" + instance + "'" + (known.isEmpty() ? "; it has none now"
                : "; its instances: " + String.join(", ", known.stream().limit(20).toList())));
        this.service = service;
    }

    public String service() {
        return service;
    }
}
