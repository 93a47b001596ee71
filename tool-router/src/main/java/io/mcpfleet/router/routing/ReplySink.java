package io.mcpfleet.router.routing;

/**
 * Where the messages of a relayed call go: the client's HTTP response. The sink decides between
 * a JSON body and an SSE stream; once something is streamed, a call can no longer be replayed.
 */
public interface ReplySink {

    /** A message before the response (progress, logging, a server-to-client request). */
    void intermediate(byte[] json) throws ClientGoneException;

    /** The response; nothing follows it. */
    void complete(byte[] json) throws ClientGoneException;

    /** Ends the reply without a response (the call was cancelled). */
    void abandon();

    /** Whether anything reached the client yet. */
    boolean streamed();

    /**
     * Told, just before {@link #complete}, which instance the response comes from (a reply that
     * binds what the server answered to that instance, e.g. a 2026-07-28 {@code requestState}).
     *
     * @param modern whether the instance speaks 2026-07-28: only such an answer can be
     *               {@code input_required}, so a reply looks for one only then
     */
    default void answeredBy(String service, String instanceId, boolean modern) {
    }
}
