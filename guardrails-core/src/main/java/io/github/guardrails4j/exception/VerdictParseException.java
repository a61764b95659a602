package io.github.guardrails4j.exception;

/**
 * The guard model answered, but its text is not a verdict of the expected format. Keeps the raw text.
 * Reason {@link ErrorReason#UNPARSEABLE_OUTPUT}, or {@link ErrorReason#TRUNCATED_OUTPUT} when the
 * model stopped at {@code max_tokens}. Never reported as a policy category.
 */
public class VerdictParseException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    /** The model's text that could not be parsed. */
    private final String rawOutput;

    /**
     * Creates the exception.
     *
     * @param message which rule of the format the text broke
     * @param rawOutput the model's text exactly as received; never null
     */
    public VerdictParseException(String message, String rawOutput) {
        this(ErrorReason.UNPARSEABLE_OUTPUT, message, rawOutput, null);
    }

    /**
     * Creates the exception with an explicit reason and cause.
     *
     * @param reason {@link ErrorReason#UNPARSEABLE_OUTPUT} or {@link ErrorReason#TRUNCATED_OUTPUT}
     * @param message which rule of the format the text broke
     * @param rawOutput the model's text exactly as received; never null
     * @param cause the underlying parser failure, or null
     */
    public VerdictParseException(ErrorReason reason, String message, String rawOutput, Throwable cause) {
        super(reason, message, cause);
        this.rawOutput = rawOutput == null ? "" : rawOutput;
    }

    /**
     * The model's text exactly as received.
     *
     * @return the raw text; empty when the model returned nothing
     */
    public String rawOutput() {
        return rawOutput;
    }
}
