package io.github.guardrails4j.exception;

/**
 * The endpoint answered with a success status, but the body is not the shape its API defines
 * (not JSON, HTML, no {@code choices}, a missing or non-boolean {@code jailbreak} field...).
 * Reason {@link ErrorReason#PROTOCOL}. Usually a wrong URL or a proxy in the way.
 */
public class GuardProtocolException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was expected and what came, with a bounded excerpt
     * @param cause the parse failure, or null
     */
    public GuardProtocolException(String message, Throwable cause) {
        super(ErrorReason.PROTOCOL, message, cause);
    }
}
