package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.exception.GuardServiceException;
import java.time.Duration;

/**
 * A non-success answer that carried a {@code Retry-After} header (usually 429 or 503). Behaves as its parent
 * {@link GuardServiceException} (same reason, status and message) and adds the wait the server asked for.
 * Internal API. Immutable.
 */
public final class RetryAfterException extends GuardServiceException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param endpoint the URL that answered, without credentials
     * @param statusCode the status
     * @param body the body, or null
     * @param retryAfter the parsed header
     */
    public RetryAfterException(String endpoint, int statusCode, String body, Duration retryAfter) {
        super(endpoint, statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** @return the wait the server asked for */
    public Duration retryAfter() {
        return retryAfter;
    }
}
