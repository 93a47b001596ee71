package io.mcpfleet.manager.lifecycle;

/** A service could not be brought to a healthy instance; the message says why. */
public class StartFailedException extends RuntimeException {

    private final String service;

    public StartFailedException(String service, String message) {
        super(message);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
