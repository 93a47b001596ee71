package io.mcpfleet.config;

/**
 * The manager's bridge to one process of a {@code transport: stdio} service ({@code stdio:}).
 *
 * @param maxInFlight      requests the bridge has outstanding at one process; more get a retryable
 *                         {@code queue_full} error at once
 * @param maxMessageBytes  the longest message (one line of the server's stdout, or one request body) the
 *                         bridge accepts; a longer line is dropped with a logged reason
 * @param maxBufferedBytes what the bridge holds for one caller that reads its answers slowly; past it,
 *                         that caller's stream is cut so that the process and the other callers go on
 */
public record StdioSettings(int maxInFlight, long maxMessageBytes, long maxBufferedBytes) {

    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 4L * 1024 * 1024;
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 16L * 1024 * 1024;
    /** Far beyond what one process can serve; a typo guard. */
    public static final int MAX_IN_FLIGHT_CEILING = 10_000;
    /** Messages are held in memory whole: beyond this a typo would let one line take the manager's heap. */
    public static final long MAX_MESSAGE_CEILING = 256L * 1024 * 1024;
    /** A message must fit in a frame of the engine's attach stream and a line of this size is absurd anyway. */
    public static final long MIN_MESSAGE_BYTES = 1024;

    public static final StdioSettings DEFAULT = new StdioSettings(DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_MESSAGE_BYTES,
            DEFAULT_MAX_BUFFERED_BYTES);

    public StdioSettings {
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_CEILING) {
            throw new IllegalArgumentException("stdio.max_in_flight must be between 1 and " + MAX_IN_FLIGHT_CEILING
                    + ", got " + maxInFlight);
        }
        if (maxMessageBytes < MIN_MESSAGE_BYTES || maxMessageBytes > MAX_MESSAGE_CEILING) {
            throw new IllegalArgumentException("stdio.max_message_size must be between " + Sizes.format(MIN_MESSAGE_BYTES)
                    + " and " + Sizes.format(MAX_MESSAGE_CEILING) + ", got " + maxMessageBytes + " bytes");
        }
        if (maxBufferedBytes < maxMessageBytes) {
            throw new IllegalArgumentException("stdio.max_buffered (" + Sizes.format(maxBufferedBytes)
                    + ") must be at least stdio.max_message_size (" + Sizes.format(maxMessageBytes)
                    + "): a caller must be able to hold one whole message");
        }
    }
}
