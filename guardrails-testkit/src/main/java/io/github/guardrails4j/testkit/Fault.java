package io.github.guardrails4j.testkit;

import io.github.guardrails4j.testkit.internal.HeaderRedaction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure that a {@link FaultInjector} makes the {@link NimSimulator} produce instead of (or
 * before) its normal answer.
 *
 * <p>Three kinds exist: {@linkplain #status(int, String) an HTTP status with a body and headers}
 * (for example 429 with {@code Retry-After}), {@linkplain #delay(Duration) an extra delay} after
 * which the request is answered normally, and {@linkplain #dropConnection() a dropped connection}
 * (the socket is closed without any response). Any fault can be preceded by a delay with {@link
 * #withDelay(Duration)}.
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe.
 */
public final class Fault {

    /** What the simulator does when it applies a fault. */
    public enum Kind {
        /** Answers with {@link #status()}, {@link #body()} and {@link #headers()}. */
        STATUS,
        /** Waits {@link #delay()}, then answers normally. */
        DELAY,
        /** Closes the connection without sending a response. */
        DROP_CONNECTION
    }

    private final Kind kind;
    private final int status;
    private final String body;
    private final Map<String, String> headers;
    private final Duration delay;

    private Fault(Kind kind, int status, String body, Map<String, String> headers, Duration delay) {
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.headers = Map.copyOf(headers);
        this.delay = delay;
    }

    /**
     * An HTTP error with a NIM-style JSON error body ({@code {"object":"error","message":...}}).
     *
     * @param status the HTTP status, 100 to 599
     * @return the fault
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Fault status(int status) {
        String body = "{\"object\":\"error\",\"message\":\"Injected fault: HTTP " + status
                + "\",\"type\":\"InjectedFault\",\"param\":null,\"code\":" + status + "}";
        return status(status, body);
    }

    /**
     * An HTTP answer with the given status and body, sent with {@code Content-Type: application/json}
     * unless a header overrides it.
     *
     * @param status the HTTP status, 100 to 599
     * @param body the body, sent as UTF-8; may be empty
     * @return the fault
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Fault status(int status, String body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599, got " + status);
        }
        return new Fault(Kind.STATUS, status, Objects.requireNonNull(body, "body"), Map.of(), Duration.ZERO);
    }

    /**
     * A 429 answer with a {@code Retry-After} header in whole seconds (rounded up).
     *
     * @param retryAfter the advertised wait; zero or positive
     * @return the fault
     */
    public static Fault tooManyRequests(Duration retryAfter) {
        long seconds = (retryAfter.toMillis() + 999) / 1000;
        return status(429).withHeader("Retry-After", Long.toString(seconds));
    }

    /**
     * Delays the request, then answers it normally.
     *
     * @param delay the extra wait; zero or positive
     * @return the fault
     * @throws IllegalArgumentException if negative
     */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, "", Map.of(), requireNonNegative(delay));
    }

    /**
     * Closes the connection without sending any response, like a crashed replica.
     *
     * @return the fault
     */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, "", Map.of(), Duration.ZERO);
    }

    /**
     * Returns a copy with one more response header (replacing one of the same name).
     *
     * @param name the header name
     * @param value the header value
     * @return a new fault
     */
    public Fault withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new Fault(kind, status, body, copy, delay);
    }

    /**
     * Returns a copy that waits {@code delay} before acting.
     *
     * @param delay zero or positive
     * @return a new fault
     * @throws IllegalArgumentException if negative
     */
    public Fault withDelay(Duration delay) {
        return new Fault(kind, status, body, headers, requireNonNegative(delay));
    }

    /** {@return what kind of fault this is} */
    public Kind kind() {
        return kind;
    }

    /** {@return the HTTP status for {@link Kind#STATUS}, otherwise 0} */
    public int status() {
        return status;
    }

    /** {@return the response body for {@link Kind#STATUS}, otherwise empty} */
    public String body() {
        return body;
    }

    /** {@return the extra response headers (unmodifiable)} */
    public Map<String, String> headers() {
        return headers;
    }

    /** {@return the wait before acting; zero when none} */
    public Duration delay() {
        return delay;
    }

    /**
     * The value of one extra header.
     *
     * @param name the header name, case-insensitive
     * @return the value, if set
     */
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /**
     * Returns kind, status, delay and headers, with credential header values masked (a header whose name contains.
     *
     * @return kind, status, delay and headers, with credential header values masked (a header whose name contains
     *     auth, key, token, secret, cookie, password, session or credential prints as {@code ****})
     */
    @Override
    public String toString() {
        return "Fault{" + kind + (kind == Kind.STATUS ? " " + status : "") + ", delay=" + delay + ", headers="
                + HeaderRedaction.single(headers) + '}';
    }

    private static Duration requireNonNegative(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive, got " + delay);
        }
        return delay;
    }
}
