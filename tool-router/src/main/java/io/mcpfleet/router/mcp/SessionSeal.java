package io.mcpfleet.router.mcp;

import io.mcpfleet.router.upstream.InitParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session ids that carry their own session, sealed (AES-256-GCM), so that any router replica
 * holding the same key can take up a session another one opened: the id holds what the session
 * was initialized with (protocol version, the client's capabilities and clientInfo) and 128 random
 * bits, encrypted and authenticated, so a client can neither read nor forge one. Backend sessions
 * are not in it: a replica that takes a session up opens its own to each server, as after a wake.
 *
 * <p>Used only when {@code fleet.sessions.key} is set; a single router gives plain random ids.
 */
final class SessionSeal {

    private static final String PREFIX = "s1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int RANDOM_BYTES = 16;
    /** Bound on what an id may claim to hold, so a forged length cannot make us allocate much (GCM rejects it anyway). */
    private static final int MAX_ID_CHARS = 16 * 1024;
    private static final byte[] CONTEXT = "mcp-fleet client session".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param secret the key shared by the replicas (any text; hashed to 256 bits), or null/blank for a key of this process */
    SessionSeal(String secret) {
        byte[] bytes = new byte[32];
        if (secret == null || secret.isBlank()) {
            random.nextBytes(bytes);
        } else {
            bytes = sha256(secret.strip().getBytes(StandardCharsets.UTF_8));
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /** What a sealed id carries. */
    record Sealed(String protocolVersion, InitParams init) {
    }

    String seal(String protocolVersion, InitParams init) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = encode(protocolVersion, init);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
            byte[] sealed = cipher.doFinal(plain);
            ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a session id", e);
        }
    }

    /** The session an id carries; empty when it is not one of ours (another key, tampered, garbage). */
    Optional<Sealed> open(String id) {
        if (id == null || !id.startsWith(PREFIX) || id.length() > MAX_ID_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(id.substring(PREFIX.length()));
            if (raw.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            byte[] nonce = java.util.Arrays.copyOf(raw, NONCE_BYTES);
            byte[] plain = cipher(Cipher.DECRYPT_MODE, nonce).doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            return Optional.of(decode(plain));
        } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(CONTEXT);
        return cipher;
    }

    private byte[] encode(String protocolVersion, InitParams init) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] unique = new byte[RANDOM_BYTES];
            random.nextBytes(unique);
            out.write(unique);
            writeText(out, protocolVersion);
            writeText(out, init.protocolVersion());
            writeText(out, init.capabilities());
            writeText(out, init.clientInfo());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Sealed decode(byte[] plain) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            in.skipNBytes(RANDOM_BYTES);
            String protocolVersion = readText(in);
            InitParams init = new InitParams(readText(in), readText(in), readText(in));
            return new Sealed(protocolVersion, init);
        }
    }

    /** Length-prefixed UTF-8 (not writeUTF: its 64 KiB limit and modified encoding), -1 for null. */
    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > in.available()) {
            throw new IOException("truncated");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
