package io.github.guardrails4j.exception;

/**
 * The guard endpoint was not reached, or the connection broke before a complete answer arrived
 * (refused, reset, DNS failure, a body cut mid-way). Reason {@link ErrorReason#TRANSPORT}.
 */
public class GuardTransportException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the endpoint (never the key)
     * @param cause the I/O failure
     */
    public GuardTransportException(String message, Throwable cause) {
        super(ErrorReason.TRANSPORT, message, cause);
    }
}
