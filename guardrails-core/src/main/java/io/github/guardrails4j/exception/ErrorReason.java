package io.github.guardrails4j.exception;

/**
 * Why a rail could not produce a safe or unsafe verdict. Each reason tells the operator what to fix.
 *
 * <p>Every {@link GuardrailsException} subclass maps to exactly one reason through
 * {@link GuardrailsException#reason()}. A verdict whose outcome is
 * {@link io.github.guardrails4j.verdict.Outcome#ERROR} carries the exception, and so the reason.
 * No reason ever means "safe". {@link #CONTENT_BLOCKED} alone is not a failure: it marks content that a rail blocked.
 */
public enum ErrorReason {
    /** The guard endpoint could not be reached or the connection broke (DNS, refused, reset). */
    TRANSPORT,
    /** An attempt or the whole check ran past its time budget. */
    TIMEOUT,
    /** The guard endpoint answered with a non-success HTTP status other than 429. */
    HTTP_STATUS,
    /** The guard endpoint answered HTTP 429 (too many requests). */
    RATE_LIMITED,
    /** The body was not the shape the API defines (not JSON, missing {@code choices}, a non-boolean field...). */
    PROTOCOL,
    /** The model's text could not be read as a verdict of its format. The raw text is kept. */
    UNPARSEABLE_OUTPUT,
    /** The model stopped at {@code max_tokens} ({@code finish_reason: "length"}) before the verdict was complete. */
    TRUNCATED_OUTPUT,
    /** The input was refused before or by the guard (over the configured size, or over the model's context length). */
    REJECTED_INPUT,
    /** The endpoint's circuit breaker is open, or its concurrency limit is full; no call was made. */
    UNAVAILABLE,
    /** A rail implementation failed in an unexpected way (a bug in the rail, not in the model). */
    INTERNAL,
    /**
     * Not a failure of the guard: a rail judged the content unsafe and the SDK stopped delivering it (a guarded
     * stream ended with {@code ContentBlockedException}). Never found on a verdict.
     */
    CONTENT_BLOCKED
}
