package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.rail.RailDirection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key of a cached verdict: the SHA-256 of everything that decides it, so that no user text is kept. Internal
 * API. Immutable and thread safe.
 *
 * <p>Hashed, each with its length first so that no two field lists hash alike: a format tag, the path (or full URL)
 * the request goes to, the direction judged, the parser's identity ({@code GuardModel.parserIdentity()} or the
 * model instance's) and the request body exactly as sent (the model id, the rendered prompt or classify input,
 * temperature, {@code max_tokens}, stop and {@code chat_template_kwargs} are all in it).
 */
public final class VerdictKey {
    /** Changes when the hashed fields change, so a key of another format never matches. */
    private static final byte[] FORMAT = "guardrails4j verdict cache 1".getBytes(StandardCharsets.US_ASCII);

    private final long a;
    private final long b;
    private final long c;
    private final long d;

    private VerdictKey(byte[] sha256) {
        ByteBuffer buf = ByteBuffer.wrap(sha256);
        this.a = buf.getLong();
        this.b = buf.getLong();
        this.c = buf.getLong();
        this.d = buf.getLong();
    }

    /**
     * Hashes a check.
     *
     * @param path the path or full URL the request goes to
     * @param direction the direction judged
     * @param parserIdentity the parser's identity and version
     * @param body the request body exactly as sent
     * @return the key
     */
    public static VerdictKey of(String path, RailDirection direction, String parserIdentity, byte[] body) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        field(sha, FORMAT);
        field(sha, path.getBytes(StandardCharsets.UTF_8));
        field(sha, direction.name().getBytes(StandardCharsets.US_ASCII));
        field(sha, parserIdentity.getBytes(StandardCharsets.UTF_8));
        field(sha, body);
        return new VerdictKey(sha.digest());
    }

    private static void field(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
        sha.update(bytes);
    }

    /** {@return the 64 lower-case hex digits of the SHA-256} */
    public String hex() {
        return String.format("%016x%016x%016x%016x", a, b, c, d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerdictKey k && k.a == a && k.b == b && k.c == c && k.d == d;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(a);
    }

    @Override
    public String toString() {
        return "VerdictKey{" + hex() + '}';
    }
}
