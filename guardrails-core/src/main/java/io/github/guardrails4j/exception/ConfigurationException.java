package io.github.guardrails4j.exception;

/**
 * A builder or configuration value is invalid. Thrown at build time, before any check runs.
 * Its reason is {@link ErrorReason#INTERNAL}: the fix is in the host's code or configuration.
 */
public class ConfigurationException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the rule, the value seen and the fix
     */
    public ConfigurationException(String message) {
        super(ErrorReason.INTERNAL, message);
    }

    /**
     * Creates the exception with the failure that made the value invalid (an unreadable file, say).
     *
     * @param message the rule, the value seen and the fix
     * @param cause the underlying failure
     */
    public ConfigurationException(String message, Throwable cause) {
        super(ErrorReason.INTERNAL, message, cause);
    }
}
