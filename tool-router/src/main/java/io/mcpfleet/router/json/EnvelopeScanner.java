package io.mcpfleet.router.json;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the envelope of JSON-RPC messages with a streaming parser: the members the router needs
 * are recorded with their byte positions, everything else is skipped without building objects.
 * Thread-safe; create one and share it.
 */
public final class EnvelopeScanner {

    private final JsonFactory factory;

    public EnvelopeScanner(int maxDepth) {
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .build();
    }

    /** Whether the message is a JSON array (a batch), judged by its first non-blank byte. */
    public static boolean isArray(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '[') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    /**
     * Reads one message.
     *
     * @throws MalformedJsonException when the bytes are not one JSON value, or nest too deep
     */
    public Envelope scan(byte[] bytes) {
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedJsonException("empty body", null);
            }
            Envelope envelope = first == JsonToken.START_OBJECT ? readObject(p, bytes)
                    : invalid(bytes, null, "a JSON-RPC message must be a JSON object");
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new MalformedJsonException("unexpected content after the JSON value", null);
            }
            return envelope;
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException("JSON beyond the router's limits: " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new MalformedJsonException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Splits a JSON array into the byte ranges of its elements. */
    public List<Span> elements(byte[] bytes) {
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), bytes)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedJsonException("not a JSON array", null);
            }
            List<Span> out = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new MalformedJsonException("unterminated JSON array", null);
                }
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (t.isStructStart()) {
                    p.skipChildren();
                    out.add(new Span(start, (int) p.currentLocation().getByteOffset()));
                } else {
                    p.finishToken();
                    out.add(Span.ofScalar(bytes, start));
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedJsonException("unexpected content after the JSON array", null);
            }
            return out;
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException("JSON beyond the router's limits: " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new MalformedJsonException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Envelope readObject(JsonParser p, byte[] bytes) {
        String jsonrpc = null;
        String method = null;
        Span id = null;
        boolean idNull = false;
        boolean idBad = false;
        boolean hasResult = false;
        boolean hasError = false;
        boolean toolError = false;
        Params params = new Params();
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "jsonrpc" -> jsonrpc = value == JsonToken.VALUE_STRING ? p.getString() : "?";
                case "method" -> method = value == JsonToken.VALUE_STRING ? p.getString() : null;
                case "id" -> {
                    if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
                        id = Span.ofScalar(bytes, (int) p.currentTokenLocation().getByteOffset());
                    } else if (value == JsonToken.VALUE_NULL) {
                        idNull = true;
                    } else {
                        idBad = true;
                        p.skipChildren();
                    }
                }
                case "params" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readParams(p, bytes, params);
                    } else {
                        p.skipChildren();
                    }
                }
                case "result" -> {
                    hasResult = true;
                    if (value == JsonToken.START_OBJECT) {
                        toolError = readIsError(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "error" -> {
                    hasError = true;
                    p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        if (!"2.0".equals(jsonrpc)) {
            return invalid(bytes, id, "jsonrpc must be \"2.0\"");
        }
        if (idBad) {
            return invalid(bytes, null, "id must be a string or a number");
        }
        if (method != null) {
            if (hasResult || hasError) {
                return invalid(bytes, id, "a message cannot have both method and result/error");
            }
            if (idNull) {
                return invalid(bytes, null, "a request id must not be null");
            }
            return new Envelope(bytes, id == null ? Envelope.Kind.NOTIFICATION : Envelope.Kind.REQUEST, method, id,
                    params.name, params.nameSpan, params.progressToken, params.requestId, params.level, false, false,
                    null, params.oddArguments);
        }
        if (hasResult == hasError) {
            return invalid(bytes, id, hasResult ? "a response cannot have both result and error"
                    : "a message needs a method (request or notification) or a result or error (response)");
        }
        if (id == null && !idNull) {
            return invalid(bytes, null, "a response needs an id");
        }
        return new Envelope(bytes, Envelope.Kind.RESPONSE, null, id, null, null, null, null, null, hasError, toolError,
                null, false);
    }

    private static void readParams(JsonParser p, byte[] bytes, Params params) {
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "name" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        params.nameSpan = Span.ofScalar(bytes, (int) p.currentTokenLocation().getByteOffset());
                        params.name = p.getString();
                    } else {
                        p.skipChildren();
                    }
                }
                case "_meta" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readMeta(p, bytes, params);
                    } else {
                        p.skipChildren();
                    }
                }
                case "arguments" -> {
                    params.oddArguments = value != JsonToken.START_OBJECT && value != JsonToken.VALUE_NULL;
                    p.skipChildren();
                }
                case "progressToken" -> params.progressToken = scalar(p, bytes, value);
                case "requestId" -> params.requestId = scalar(p, bytes, value);
                case "level" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        params.level = p.getString();
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private static void readMeta(JsonParser p, byte[] bytes, Params params) {
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken value = p.nextToken();
            if (name.equals("progressToken")) {
                params.progressToken = scalar(p, bytes, value);
            } else {
                p.skipChildren();
            }
        }
    }

    private static Span scalar(JsonParser p, byte[] bytes, JsonToken value) {
        if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
            return Span.ofScalar(bytes, (int) p.currentTokenLocation().getByteOffset());
        }
        p.skipChildren();
        return null;
    }

    private static boolean readIsError(JsonParser p) {
        boolean isError = false;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken value = p.nextToken();
            if (name.equals("isError")) {
                isError = value == JsonToken.VALUE_TRUE;
            } else {
                p.skipChildren();
            }
        }
        return isError;
    }

    private static Envelope invalid(byte[] bytes, Span id, String problem) {
        return new Envelope(bytes, Envelope.Kind.INVALID, null, id, null, null, null, null, null, false, false,
                problem, false);
    }

    private static final class Params {
        String name;
        Span nameSpan;
        Span progressToken;
        Span requestId;
        String level;
        boolean oddArguments;
    }
}
