package io.mcpfleet.router.upstream;

import io.mcpfleet.router.json.JsonRpc;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What a request becomes on its way to a 2026-07-28 backend: its {@code params._meta} gets the
 * per-request fields (protocol version, client capabilities, clientInfo) unless it has them (a
 * modern client's own request), and the POST gets the {@code Mcp-Method} / {@code Mcp-Name}
 * headers the body mirrors. The rest of the message stays byte for byte.
 */
final class ModernMessages {

    static final String VERSION = "2026-07-28";
    static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /** Methods whose {@code Mcp-Name} header mirrors {@code params.name} or {@code params.uri}. */
    private static final java.util.Set<String> NAMED = java.util.Set.of("tools/call", "prompts/get", "resources/read");

    private ModernMessages() {
    }

    /** The {@code _meta} members a backend session presents, as JSON text without braces. */
    static String metaMembers(InitParams init) {
        return "\"" + META_VERSION + "\":\"" + VERSION + "\",\"io.modelcontextprotocol/clientCapabilities\":"
                + init.capabilities() + ",\"io.modelcontextprotocol/clientInfo\":" + init.clientInfo();
    }

    /** The headers of a POST of {@code message} (method and name read from it), each line ending in CRLF. */
    static String headers(byte[] message) {
        Read read = read(message);
        StringBuilder b = new StringBuilder(64);
        if (read.method != null) {
            b.append("Mcp-Method: ").append(read.method).append("\r\n");
        }
        if (read.name != null && NAMED.contains(read.method)) {
            b.append("Mcp-Name: ").append(HeaderValues.encode(read.name)).append("\r\n");
        }
        return b.toString();
    }

    /** The message with {@code members} added to {@code params._meta} (created where missing). */
    static byte[] withMeta(byte[] message, String members) {
        Read read = read(message);
        if (read.hasVersion || read.end < 0) {
            return message;
        }
        String insert;
        int at;
        if (read.metaOpen >= 0) {
            at = read.metaOpen + 1;
            insert = members + (read.metaEmpty ? "" : ",");
        } else if (read.paramsOpen >= 0) {
            at = read.paramsOpen + 1;
            insert = "\"_meta\":{" + members + "}" + (read.paramsEmpty ? "" : ",");
        } else {
            at = read.end;
            insert = ",\"params\":{\"_meta\":{" + members + "}}";
        }
        byte[] add = insert.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[message.length + add.length];
        System.arraycopy(message, 0, out, 0, at);
        System.arraycopy(add, 0, out, at, add.length);
        System.arraycopy(message, at, out, at + add.length, message.length - at);
        return out;
    }

    /** A request the router makes itself to a modern backend (no params beyond {@code _meta}). */
    static byte[] request(String idJson, String method, InitParams init) {
        return withMeta(JsonRpc.request(idJson, method, null), metaMembers(init));
    }

    /** Where things are in a message: byte offsets of {@code {} of params and _meta, and of the closing brace. */
    private static final class Read {
        String method;
        String name;
        int paramsOpen = -1;
        boolean paramsEmpty = true;
        int metaOpen = -1;
        boolean metaEmpty = true;
        boolean hasVersion;
        int end = -1;
    }

    private static Read read(byte[] message) {
        Read r = new Read();
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return r;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String member = p.currentName();
                JsonToken value = p.nextToken();
                if ("method".equals(member) && value == JsonToken.VALUE_STRING) {
                    r.method = p.getString();
                } else if ("params".equals(member) && value == JsonToken.START_OBJECT) {
                    r.paramsOpen = (int) p.currentTokenLocation().getByteOffset();
                    readParams(p, r);
                } else {
                    p.skipChildren();
                }
            }
            r.end = (int) p.currentTokenLocation().getByteOffset();
        } catch (JacksonException e) {
            r.end = -1;
        }
        return r;
    }

    private static void readParams(JsonParser p, Read r) {
        String nameKey = "resources/read".equals(r.method) ? "uri" : "name";
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            r.paramsEmpty = false;
            String member = p.currentName();
            JsonToken value = p.nextToken();
            if ("_meta".equals(member) && value == JsonToken.START_OBJECT) {
                r.metaOpen = (int) p.currentTokenLocation().getByteOffset();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    r.metaEmpty = false;
                    if (META_VERSION.equals(p.currentName())) {
                        r.hasVersion = true;
                    }
                    p.nextToken();
                    p.skipChildren();
                }
            } else if ((member.equals("name") || member.equals("uri")) && value == JsonToken.VALUE_STRING) {
                // "method" usually comes first; when it does not, the name is taken whichever key it is.
                if (r.method == null || member.equals(nameKey)) {
                    r.name = p.getString();
                }
            } else {
                p.skipChildren();
            }
        }
    }
}
