package io.mcpfleet.router.routing;

/** The client closed its connection while the router was writing to it. */
public class ClientGoneException extends RuntimeException {

    public ClientGoneException(Throwable cause) {
        super("client closed the connection", cause, false, false);
    }
}
