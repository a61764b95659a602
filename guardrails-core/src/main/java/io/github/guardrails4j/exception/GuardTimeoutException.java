package io.github.guardrails4j.exception;

import java.time.Duration;

/**
 * A call attempt or a whole check ran out of time; the HTTP call was cancelled.
 * Reason {@link ErrorReason#TIMEOUT}.
 */
public class GuardTimeoutException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    /** The time limit that ran out. */
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param message which budget ran out and how to raise it
     * @param timeout the budget that ran out
     * @param cause the underlying failure, or null
     */
    public GuardTimeoutException(String message, Duration timeout, Throwable cause) {
        super(ErrorReason.TIMEOUT, message, cause);
        this.timeout = timeout;
    }

    /**
     * The time budget that ran out.
     *
     * @return the budget, never null
     */
    public Duration timeout() {
        return timeout;
    }
}
