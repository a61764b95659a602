package io.github.guardrails4j.exception;

import java.time.Duration;
import java.util.Optional;

/**
 * The guard endpoint answered with a non-success HTTP status. Carries the status and a bounded excerpt
 * of the body (at most {@link #MAX_BODY_EXCERPT_CHARS} characters), never request headers or keys.
 * Reason {@link ErrorReason#HTTP_STATUS}, or {@link ErrorReason#RATE_LIMITED} for HTTP 429.
 */
public class GuardServiceException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    /** Longest body excerpt kept, in characters: {@value}. */
    public static final int MAX_BODY_EXCERPT_CHARS = 512;

    /** The HTTP status code the service answered with. */
    private final int statusCode;
    /** The start of the response body, at most {@link #MAX_BODY_EXCERPT_CHARS} characters; empty for none. */
    private final String bodyExcerpt;
    /** The service's {@code Retry-After} wait, or null when it sent none. */
    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param endpoint the URL that answered (without credentials)
     * @param statusCode the HTTP status, 100 to 599
     * @param body the response body, or null; cut to {@link #MAX_BODY_EXCERPT_CHARS}
     */
    public GuardServiceException(String endpoint, int statusCode, String body) {
        this(endpoint, statusCode, body, null);
    }

    /**
     * Creates the exception for an answer that carried a {@code Retry-After} header (usually 429 or 503).
     *
     * @param endpoint the URL that answered (without credentials)
     * @param statusCode the HTTP status, 100 to 599
     * @param body the response body, or null; cut to {@link #MAX_BODY_EXCERPT_CHARS}
     * @param retryAfter the wait the server asked for, or null when it named none
     */
    public GuardServiceException(String endpoint, int statusCode, String body, Duration retryAfter) {
        this(
                statusCode == 429 ? ErrorReason.RATE_LIMITED : ErrorReason.HTTP_STATUS,
                endpoint,
                statusCode,
                body,
                retryAfter);
    }

    /**
     * Creates the exception with an explicit reason, for subclasses.
     *
     * @param reason the reason
     * @param endpoint the URL that answered (without credentials)
     * @param statusCode the HTTP status
     * @param body the response body, or null
     */
    protected GuardServiceException(ErrorReason reason, String endpoint, int statusCode, String body) {
        this(reason, endpoint, statusCode, body, null);
    }

    private GuardServiceException(
            ErrorReason reason, String endpoint, int statusCode, String body, Duration retryAfter) {
        super(
                reason,
                "Guard endpoint " + endpoint + " answered HTTP " + statusCode
                        + (body == null || body.isEmpty() ? "" : ": " + excerpt(body)));
        this.statusCode = statusCode;
        this.bodyExcerpt = body == null ? "" : excerpt(body);
        this.retryAfter = retryAfter;
    }

    /**
     * The wait the server asked for in its {@code Retry-After} header; the retry layer honours it.
     *
     * @return the wait, or empty when the answer had no (valid) {@code Retry-After} header
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The HTTP status code.
     *
     * @return the status, 100 to 599
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * The start of the response body.
     *
     * @return at most {@link #MAX_BODY_EXCERPT_CHARS} characters; empty when there was no body
     */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    /**
     * Cuts a response body for messages and logs.
     *
     * @param body a body; never null
     * @return the body when it has at most {@link #MAX_BODY_EXCERPT_CHARS} characters, else its start and "..."
     */
    public static String excerpt(String body) {
        return body.length() <= MAX_BODY_EXCERPT_CHARS ? body : body.substring(0, MAX_BODY_EXCERPT_CHARS) + "...";
    }
}
