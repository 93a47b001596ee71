package io.mcpfleet.manager.bridge;

/** The bridge could not do what was asked of a process: the message says what and why. */
public class BridgeException extends RuntimeException {

    public BridgeException(String message) {
        super(message);
    }
}
