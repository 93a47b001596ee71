package io.mcpfleet.manager.logs;

/** As many log streams are open as the manager serves at once; the caller may try again later. */
public class TooManyFollowsException extends RuntimeException {

    TooManyFollowsException(int max) {
        super(max + " log streams are open, the most the manager serves at once; close one or try again later");
    }
}
