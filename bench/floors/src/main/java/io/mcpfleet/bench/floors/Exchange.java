package io.mcpfleet.bench.floors;

/** What a floor relays of a call (the headers the router's upstream request carries) and of its answer. */
final class Exchange {

    private Exchange() {
    }

    /** A POST to the backend; null headers are left out. */
    record Call(String path, String contentType, String accept, String sessionId, String protocolVersion, byte[] body) {
    }

    /** The backend's answer; null headers are left out. */
    record Answer(int status, String contentType, String sessionId, byte[] body) {
    }
}
