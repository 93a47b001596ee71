package io.mcpfleet.router.json;

/** The bytes are not JSON (or nest deeper than allowed): a JSON-RPC parse error (-32700). */
public class MalformedJsonException extends RuntimeException {

    public MalformedJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
