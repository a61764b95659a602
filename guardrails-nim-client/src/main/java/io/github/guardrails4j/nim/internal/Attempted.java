package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.exception.GuardrailsException;

/**
 * The outcome of a resilient call: a value or the final failure (earlier failures attached as suppressed), with
 * the number of HTTP attempts made and the endpoint that gave the outcome. Internal API. Immutable.
 *
 * @param value the result, or null on failure
 * @param error the final failure, or null on success
 * @param attempts HTTP attempts made, 0 when none was (open breaker, full limit)
 * @param endpoint base URL of the endpoint last called (no credentials), or null when none was
 * @param <T> the result type
 */
public record Attempted<T>(T value, GuardrailsException error, int attempts, String endpoint) {
    /** {@return true on success} */
    public boolean ok() {
        return error == null;
    }
}
