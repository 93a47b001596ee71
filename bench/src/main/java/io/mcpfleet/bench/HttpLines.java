package io.mcpfleet.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads the lines of an HTTP/1.1 head or chunk framing (CRLF or bare LF) from a stream. */
final class HttpLines {

    private HttpLines() {
    }

    static String read(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
    }

    /** The size of the next chunk of a chunked body (its extensions ignored); 0 for the last. */
    static int chunkSize(InputStream in) throws IOException {
        String line = read(in);
        int semicolon = line.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
    }
}
