package io.mcpfleet.router.modern;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Adds the members a 2026-07-28 result must carry and a 2025 one lacks ({@code resultType}, and
 * {@code ttlMs}/{@code cacheScope} on cacheable results) to a response, in place: the rest of the
 * message stays byte for byte as the backend (or the router) wrote it, and members already there
 * are left as they are. An error response, or bytes that are not a JSON-RPC response, are returned
 * unchanged.
 */
public final class ResultFields {

    /** A caching hint: {@code ttlMs} and {@code cacheScope}. */
    public record CacheHint(long ttlMs, String scope) {

        /** For results the router cannot vouch for: immediately stale, for this caller only. */
        public static final CacheHint UNKNOWN = new CacheHint(0, "private");
    }

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ResultFields() {
    }

    /**
     * @param hint the caching hint to add when the result has none, or {@code null} for a result
     *             that is not cacheable
     */
    public static byte[] complete(byte[] response, CacheHint hint) {
        int open;
        Set<String> present = new HashSet<>();
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), response)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return response;
            }
            open = -1;
            boolean empty = true;
            String resultType = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String member = p.currentName();
                JsonToken value = p.nextToken();
                if ("result".equals(member) && value == JsonToken.START_OBJECT) {
                    open = (int) p.currentTokenLocation().getByteOffset();
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        empty = false;
                        String name = p.currentName();
                        present.add(name);
                        if (p.nextToken() == JsonToken.VALUE_STRING && "resultType".equals(name)) {
                            resultType = p.getString();
                        }
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (open < 0) {
                return response;
            }
            StringBuilder add = new StringBuilder();
            if (!present.contains("resultType")) {
                add.append("\"resultType\":\"complete\"");
            }
            boolean interim = resultType != null && !"complete".equals(resultType);
            if (hint != null && !interim) {
                if (!present.contains("ttlMs")) {
                    add.append(add.isEmpty() ? "" : ",").append("\"ttlMs\":").append(hint.ttlMs());
                }
                if (!present.contains("cacheScope")) {
                    add.append(add.isEmpty() ? "" : ",").append("\"cacheScope\":\"").append(hint.scope()).append('"');
                }
            }
            if (add.isEmpty()) {
                return response;
            }
            if (!empty) {
                add.append(',');
            }
            return insert(response, open + 1, add.toString().getBytes(StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            return response;
        }
    }

    private static byte[] insert(byte[] bytes, int at, byte[] more) {
        byte[] out = new byte[bytes.length + more.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(more, 0, out, at, more.length);
        System.arraycopy(bytes, at, out, at + more.length, bytes.length - at);
        return out;
    }
}
