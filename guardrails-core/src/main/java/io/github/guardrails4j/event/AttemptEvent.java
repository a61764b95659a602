package io.github.guardrails4j.event;

import io.github.guardrails4j.rail.RailDirection;

/**
 * The start or the end of one HTTP attempt of a rail: the endpoint chosen for it, and how it ended. Immutable and
 * thread safe. Carries no user text and no credentials.
 *
 * @param rail the rail's name
 * @param direction input or output
 * @param model the served model id, or null
 * @param endpoint the base URL chosen for the attempt (no user info)
 * @param attempt 1 for the first attempt, 2 for the first retry, ...
 * @param durationNanos the attempt's duration in nanoseconds; 0 on {@link GuardrailsListener#attemptStarted}
 * @param failure why it failed on {@link GuardrailsListener#attemptFailed}, else null
 */
public record AttemptEvent(
        String rail,
        RailDirection direction,
        String model,
        String endpoint,
        int attempt,
        long durationNanos,
        Throwable failure) {}
