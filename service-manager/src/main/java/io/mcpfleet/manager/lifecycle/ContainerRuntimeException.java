package io.mcpfleet.manager.lifecycle;

/** A container operation failed; the message reads "cannot OPERATION container NAME: why". */
public class ContainerRuntimeException extends RuntimeException {

    private final String operation;
    private final String container;

    public ContainerRuntimeException(String operation, String container, String why, Throwable cause) {
        super("cannot " + operation + " container " + container + ": " + why, cause);
        this.operation = operation;
        this.container = container;
    }

    public String operation() {
        return operation;
    }

    public String container() {
        return container;
    }
}
