package io.github.guardrails4j.event;

import io.github.guardrails4j.rail.RailDirection;
import java.util.List;
import java.util.Objects;

/**
 * The start or the end of one check (one {@code checkInput} or {@code checkOutput} call, or one window of a
 * windowed output check). Immutable and thread safe. Carries no user text.
 *
 * @param direction input or output
 * @param rails the names of the rails that run, in configuration order
 * @param startNanos {@link System#nanoTime()} when the check started
 * @param durationNanos nanoseconds from start to end; 0 on {@link GuardrailsListener#checkStarted}
 * @param outcome {@code allowed}, {@code blocked} or {@code cancelled} at the end; {@code started} at the start
 * @param blockingRail the rail whose verdict blocked, or null
 */
public record CheckEvent(
        RailDirection direction,
        List<String> rails,
        long startNanos,
        long durationNanos,
        String outcome,
        String blockingRail) {
    /** {@link #outcome()} on {@link GuardrailsListener#checkStarted}: {@value}. */
    public static final String STARTED = "started";
    /** {@link #outcome()} of a check that allowed the text: {@value}. */
    public static final String ALLOWED = "allowed";
    /** {@link #outcome()} of a check that blocked the text: {@value}. */
    public static final String BLOCKED = "blocked";
    /** {@link #outcome()} of a check the host cancelled: {@value}. */
    public static final String CANCELLED = "cancelled";

    /**
     * Checks for nulls and copies.
     *
     * @param direction input or output
     * @param rails the names of the rails that run, in configuration order
     * @param startNanos {@link System#nanoTime()} when the check started
     * @param durationNanos nanoseconds from start to end; 0 on {@link GuardrailsListener#checkStarted}
     * @param outcome {@code allowed}, {@code blocked} or {@code cancelled} at the end; {@code started} at the start
     * @param blockingRail the rail whose verdict blocked, or null
     * @throws NullPointerException when direction, rails or outcome is null
     */
    public CheckEvent {
        Objects.requireNonNull(direction, "direction");
        rails = List.copyOf(rails);
        Objects.requireNonNull(outcome, "outcome");
    }
}
