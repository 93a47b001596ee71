package io.mcpfleet.router.registration;

/** The gateway's API answered with an error status; the message is safe to log (no credentials). */
final class GatewayApiException extends RuntimeException {

    private final int status;

    GatewayApiException(String what, int status, String said) {
        super("cannot " + what + ": HTTP " + status + describe(status) + (said.isEmpty() ? "" : ": " + said));
        this.status = status;
    }

    int status() {
        return status;
    }

    private static String describe(int status) {
        return switch (status) {
            case 401, 403 -> " (the gateway refused the credentials)";
            case 409 -> " (the name is taken)";
            case 502 -> " (the gateway could not connect to the router's advertised URL)";
            case 503, 504 -> " (the gateway is not ready)";
            default -> "";
        };
    }
}
