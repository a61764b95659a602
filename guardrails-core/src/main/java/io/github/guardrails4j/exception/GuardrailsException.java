package io.github.guardrails4j.exception;

/**
 * Root of the Guardrails4j exception tree. Unchecked, like every exception the SDK throws.
 *
 * <p>Each subclass reports one {@link ErrorReason}. Messages name the rule, the value seen and the fix,
 * and never contain an API key. Instances are immutable once thrown and safe to share between threads.
 */
public class GuardrailsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failure's kind; never null. */
    private final ErrorReason reason;

    /**
     * Creates an exception.
     *
     * @param reason what kind of failure this is; never null
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure, or null
     */
    public GuardrailsException(ErrorReason reason, String message, Throwable cause) {
        super(message, cause);
        if (reason == null) {
            throw new NullPointerException("reason");
        }
        this.reason = reason;
    }

    /**
     * Creates an exception without a cause.
     *
     * @param reason what kind of failure this is; never null
     * @param message what went wrong and what to do about it
     */
    public GuardrailsException(ErrorReason reason, String message) {
        this(reason, message, null);
    }

    /**
     * The failure's kind.
     *
     * @return the reason; never null
     */
    public ErrorReason reason() {
        return reason;
    }
}
