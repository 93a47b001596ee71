package io.mcpfleet.router.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a hostile or broken client sends to {@code /mcp}, each with the answer it must get: an
 * HTTP status and, when the body is a JSON-RPC message, its error code (or {@link #RESULT}).
 */
final class HostileRequests {

    /** The answer is a JSON-RPC result, not an error. */
    static final int RESULT = 0;
    /** No JSON-RPC body to look at (202, or an error page of the servlet container). */
    static final int NO_BODY = 1;

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    /**
     * One request: the method, headers beyond the defaults ({@code "-Host"} drops the Host header),
     * the body, whether it carries a valid session, and the expected status and JSON-RPC code.
     */
    record Hostile(String name, String method, List<String> headers, byte[] body, boolean withSession, int status,
                   int rpcCode) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final List<Hostile> all = new ArrayList<>();

    private HostileRequests() {
    }

    static List<Hostile> bodies() {
        HostileRequests r = new HostileRequests();
        r.malformedJson();
        r.wrongEnvelopes();
        r.idsOfEveryType();
        r.methods();
        r.absurdParams();
        r.invalidUtf8();
        r.sizes();
        return r.all;
    }

    static List<Hostile> headersAndMethods() {
        HostileRequests r = new HostileRequests();
        r.headers();
        r.httpMethods();
        return r.all;
    }

    private void malformedJson() {
        body("truncated JSON", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/ca", 400, -32700);
        body("an empty body", "", 400, -32700);
        body("only white space", " \r\n\t ", 400, -32700);
        body("trailing garbage", PING + "xyz", 400, -32700);
        body("two objects", PING + PING, 400, -32700);
        body("nesting 10000 deep", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":"
                + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}", 400, -32700);
        body("a batch of garbage", "[1,2,{]", 400, -32700);
        body("a byte order mark", "\uFEFF" + PING, 200, RESULT);
    }

    private void wrongEnvelopes() {
        body("null", "null", 400, -32600);
        body("a number", "42", 400, -32600);
        body("a string", "\"ping\"", 400, -32600);
        body("an empty batch", "[]", 400, -32600);
        body("a batch in 2025-11-25", "[" + PING + "]", 400, -32600);
        body("jsonrpc 1.0", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", 400, -32600);
        body("jsonrpc as a number", "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}", 400, -32600);
        body("jsonrpc missing", "{\"id\":1,\"method\":\"ping\"}", 400, -32600);
        body("jsonrpc with a space", "{\"jsonrpc\":\"2.0 \",\"id\":1,\"method\":\"ping\"}", 400, -32600);
        body("method and result", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"result\":{}}", 400, -32600);
        body("result and error", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}", 400, -32600);
        body("a response to nobody", "{\"jsonrpc\":\"2.0\",\"id\":\"fleet-abc\",\"result\":{}}", 202, NO_BODY);
        body("a response with an object id", "{\"jsonrpc\":\"2.0\",\"id\":{},\"result\":{}}", 400, -32600);
        body("a cancellation of nothing", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":{\"x\":1}}}", 202, NO_BODY);
        body("an unknown notification", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}", 202, NO_BODY);
        body("initialize again in a session, with params a string", "{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"initialize\",\"params\":\"nonsense\"}", 200, RESULT);
    }

    private void idsOfEveryType() {
        body("id a string with escapes", "{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\\u0000\",\"method\":\"nope\"}", 200,
                -32601);
        body("id an empty string", "{\"jsonrpc\":\"2.0\",\"id\":\"\",\"method\":\"nope\"}", 200, -32601);
        body("id negative", "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"nope\"}", 200, -32601);
        body("id of 40 digits", "{\"jsonrpc\":\"2.0\",\"id\":" + "9".repeat(40) + ",\"method\":\"ping\"}", 200,
                RESULT);
        body("id twice", "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":\"two\",\"method\":\"ping\"}", 200, RESULT);
        body("id a lone surrogate", "{\"jsonrpc\":\"2.0\",\"id\":\"\\ud800\",\"method\":\"ping\"}", 200, RESULT);
        body("id null", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", 400, -32600);
        body("id an object", "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}", 400, -32600);
        body("id an array", "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}", 400, -32600);
        body("id true", "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}", 400, -32600);
        body("id a fraction", "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", 400, -32600);
        body("id 1e400", "{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"ping\"}", 400, -32600);
        body("id of 5000 digits", "{\"jsonrpc\":\"2.0\",\"id\":" + "9".repeat(5000) + ",\"method\":\"ping\"}", 400,
                -32700);
    }

    private void methods() {
        body("method missing", "{\"jsonrpc\":\"2.0\",\"id\":1}", 400, -32600);
        body("method a number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", 400, -32600);
        body("method empty", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}", 200, -32601);
        body("an unknown method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc.discover\"}", 200, -32601);
        body("a method of 100k characters", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + "m".repeat(100_000)
                + "\"}", 200, -32601);
    }

    private void absurdParams() {
        body("tools/call without params", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}", 200, -32602);
        body("tools/call with params an array", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":[\"alpha__echo\"]}", 200, -32602);
        body("tools/call with a numeric name", call("12", "{}"), 200, -32602);
        body("tools/call with an empty name", call("\"\"", "{}"), 200, -32602);
        body("tools/call with only the separator", call("\"__\"", "{}"), 200, -32602);
        body("tools/call with no tool part", call("\"alpha__\"", "{}"), 200, -32602);
        body("tools/call with no service part", call("\"__echo\"", "{}"), 200, -32602);
        body("tools/call with a path as the name", call("\"../../etc/passwd\"", "{}"), 200, -32602);
        body("tools/call with a NUL in the name", call("\"alpha__echo\\u0000\"", "{}"), 200, -32602);
        body("tools/call with a 100k name", call("\"" + "x".repeat(100_000) + "\"", "{}"), 200, -32602);
        body("tools/call with arguments a string", call("\"alpha__echo\"", "\"text\""), 200, -32602);
        body("tools/call with arguments an array", call("\"alpha__echo\"", "[\"text\"]"), 200, -32602);
        body("tools/call with arguments a number", call("\"alpha__echo\"", "7"), 200, -32602);
        // The backend's own schema check answers these: a tool error, not a router error.
        body("tools/call with 1e308 for an integer", call("\"alpha__big\"", "{\"kb\":1e308}"), 200, RESULT);
        body("tools/call with a 20-digit negative", call("\"alpha__big\"", "{\"kb\":-99999999999999999999}"), 200,
                RESULT);
        body("tools/call nested just inside the limit", call("\"alpha__echo\"",
                "{\"text\":\"x\",\"deep\":" + "[".repeat(58) + "]".repeat(58) + "}"), 200, RESULT);
        body("tools/call nested past the limit", call("\"alpha__echo\"",
                "{\"text\":\"x\",\"deep\":" + "[".repeat(70) + "]".repeat(70) + "}"), 400, -32700);
        body("tools/list with a numeric cursor", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":{\"cursor\":7}}", 200, -32602);
        body("tools/list with an object cursor", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":{\"cursor\":{\"a\":[]}}}", 200, -32602);
        body("tools/list with a cursor past the end", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":{\"cursor\":\"YWZ0ZXI6enp6enp6\"}}", 200, RESULT);
        body("logging/setLevel with a number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\","
                + "\"params\":{\"level\":3}}", 200, -32602);
    }

    private void invalidUtf8() {
        bytes("invalid UTF-8 in the method", withBadUtf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p", "ing\"}"));
        bytes("invalid UTF-8 in a tool name", withBadUtf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"alpha__e", "cho\",\"arguments\":{}}}"));
        bytes("invalid UTF-8 in tools/list params", withBadUtf8("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"tools/list\",\"params\":{\"x\":\"", "\"}}"));
        bytes("invalid UTF-8 in tools/call arguments", withBadUtf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                + "\"tools/call\",\"params\":{\"name\":\"alpha__echo\",\"arguments\":{\"text\":\"", "\"}}}"));
        bytes("invalid UTF-8 in an unknown member", withBadUtf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\","
                + "\"x\":\"", "\"}"));
    }

    private void sizes() {
        all.add(new Hostile("a body over the limit", "POST", List.of(), bigPing(5 * 1024 * 1024), true, 413,
                -32600));
        all.add(new Hostile("a chunked body over the limit", "POST", List.of("Transfer-Encoding: chunked"),
                chunked(bigPing(5 * 1024 * 1024)), true, 413, -32600));
        all.add(new Hostile("a body shorter than its Content-Length", "POST", List.of("Content-Length: 500"),
                PING.getBytes(StandardCharsets.UTF_8), true, 400, NO_BODY));
    }

    private void headers() {
        header("Content-Type text/plain", true, 415, -32600, "Content-Type: text/plain");
        header("Content-Type form", true, 415, -32600, "Content-Type: application/x-www-form-urlencoded");
        header("Content-Type empty", true, 415, -32600, "Content-Type: ");
        header("Content-Type twice, the first one counts", true, 200, RESULT, "Content-Type: application/json",
                "Content-Type: text/plain");
        header("Accept text/html", true, 406, -32600, "Accept: text/html");
        header("Accept empty, anything goes", true, 200, RESULT, "Accept: ");
        header("no session header", false, 400, -32600);
        header("an unknown session", false, 404, -32600, "Mcp-Session-Id: nope");
        header("an empty session", false, 400, -32600, "Mcp-Session-Id: ");
        header("a 10 KB session id", false, 404, -32600, "Mcp-Session-Id: " + "s".repeat(10_000));
        header("a session id with a control character", false, 400, NO_BODY, "Mcp-Session-Id: a\u0001b");
        header("an unknown session before the real one", true, 404, -32600, "Mcp-Session-Id: nope");
        header("a bogus protocol version", true, 400, -32600, "MCP-Protocol-Version: 1999-01-01");
        header("an empty protocol version", true, 400, -32600, "MCP-Protocol-Version: ");
        header("two protocol versions, the first one counts", true, 200, RESULT, "MCP-Protocol-Version: 2025-11-25",
                "MCP-Protocol-Version: 1999-01-01");
        header("no Host", true, 400, NO_BODY, "-Host");
        header("two Hosts", true, 400, NO_BODY, "Host: localhost");
        header("a 64 KB header", true, 400, NO_BODY, "X-Big: " + "b".repeat(64 * 1024));
        header("Content-Length and chunked", true, 400, NO_BODY, "Transfer-Encoding: chunked", "Content-Length: 3");
        header("a negative Content-Length", true, 400, NO_BODY, "Content-Length: -1");
        header("a huge Content-Length", true, 400, NO_BODY, "Content-Length: 99999999999999999999");
    }

    private void httpMethods() {
        all.add(new Hostile("PUT", "PUT", List.of(), PING.getBytes(StandardCharsets.UTF_8), true, 405, NO_BODY));
        all.add(new Hostile("PATCH", "PATCH", List.of(), PING.getBytes(StandardCharsets.UTF_8), true, 405, NO_BODY));
        all.add(new Hostile("TRACE", "TRACE", List.of(), null, true, 405, NO_BODY));
        all.add(new Hostile("GET without a session", "GET", List.of("Accept: text/event-stream"), null, false, 400,
                -32600));
        all.add(new Hostile("GET of an unknown session", "GET", List.of("Accept: text/event-stream",
                "Mcp-Session-Id: nope"), null, false, 404, -32600));
        all.add(new Hostile("GET accepting only JSON", "GET", List.of("Accept: application/json"), null, true, 406,
                -32600));
        all.add(new Hostile("DELETE without a session", "DELETE", List.of(), null, false, 400, -32600));
        all.add(new Hostile("DELETE of an unknown session", "DELETE", List.of("Mcp-Session-Id: nope"), null, false,
                404, -32600));
    }

    private void body(String name, String body, int status, int rpcCode) {
        all.add(new Hostile(name, "POST", List.of(), body.getBytes(StandardCharsets.UTF_8), true, status, rpcCode));
    }

    private void bytes(String name, byte[] body) {
        all.add(new Hostile(name, "POST", List.of(), body, true, 400, -32700));
    }

    private void header(String name, boolean withSession, int status, int rpcCode, String... headers) {
        all.add(new Hostile(name, "POST", List.of(headers), PING.getBytes(StandardCharsets.UTF_8), withSession,
                status, rpcCode));
    }

    private static String call(String nameJson, String argumentsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":" + nameJson
                + ",\"arguments\":" + argumentsJson + "}}";
    }

    /** {@code before}, the bytes C3 28 (a lead byte followed by no continuation byte), {@code after}. */
    private static byte[] withBadUtf8(String before, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] b = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + 2 + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        out[a.length] = (byte) 0xC3;
        out[a.length + 1] = (byte) 0x28;
        System.arraycopy(b, 0, out, a.length + 2, b.length);
        return out;
    }

    private static byte[] bigPing(int size) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + "a".repeat(size) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chunked(byte[] body) {
        byte[] head = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + body.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        System.arraycopy(tail, 0, out, head.length + body.length, tail.length);
        return out;
    }
}
