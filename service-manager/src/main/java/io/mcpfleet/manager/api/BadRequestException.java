package io.mcpfleet.manager.api;

/** A request the API cannot act on as given; the message says what to send instead. */
class BadRequestException extends RuntimeException {

    BadRequestException(String message) {
        super(message);
    }
}
