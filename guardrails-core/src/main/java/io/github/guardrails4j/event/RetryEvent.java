package io.github.guardrails4j.event;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.rail.RailDirection;

/**
 * A rail's failed attempt will be retried after a wait. Immutable and thread safe.
 *
 * @param rail the rail's name
 * @param direction input or output
 * @param model the served model id, or null
 * @param attempt the attempt that failed
 * @param reason why it failed
 * @param waitNanos the wait before the next attempt, in nanoseconds
 */
public record RetryEvent(
        String rail, RailDirection direction, String model, int attempt, ErrorReason reason, long waitNanos) {}
