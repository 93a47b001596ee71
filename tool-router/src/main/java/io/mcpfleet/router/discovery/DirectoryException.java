package io.mcpfleet.router.discovery;

/** The manager could not be reached, or answered with an error. */
public class DirectoryException extends RuntimeException {

    private final int status;

    public DirectoryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the manager answered, or 0 when it could not be reached. */
    public int status() {
        return status;
    }
}
