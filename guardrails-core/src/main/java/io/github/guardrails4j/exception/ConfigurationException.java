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
}
