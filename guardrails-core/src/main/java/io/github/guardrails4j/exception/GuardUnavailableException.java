package io.github.guardrails4j.exception;

/**
 * No call was made because the endpoint's circuit breaker is open or its concurrency limit is full.
 * Reason {@link ErrorReason#UNAVAILABLE}. Thrown at once, without waiting.
 */
public class GuardUnavailableException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which breaker or limit refused, and its state
     * @param cause the resilience library's exception, or null
     */
    public GuardUnavailableException(String message, Throwable cause) {
        super(ErrorReason.UNAVAILABLE, message, cause);
    }
}
