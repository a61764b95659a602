package io.github.guardrails4j.exception;

/**
 * The input was refused: it is larger than the rail's configured maximum, or the guard server said it is
 * over the model's context length (HTTP 400). Never silently truncated. Reason {@link ErrorReason#REJECTED_INPUT}.
 */
public class InputRejectedException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the limit, the size seen (in characters or tokens, named) and the fix
     * @param cause the underlying failure, or null
     */
    public InputRejectedException(String message, Throwable cause) {
        super(ErrorReason.REJECTED_INPUT, message, cause);
    }
}
