package io.github.guardrails4j.event;

import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Verdict;
import java.util.Objects;

/**
 * The start or the end of one rail's part in a check. Immutable and thread safe. Carries no user text.
 *
 * @param rail the rail's name
 * @param direction input or output
 * @param model the served model id the rail asks, or null for rails that ask none
 * @param policy the rail's failure policy
 * @param startNanos {@link System#nanoTime()} when the check started (the same for every rail of a check)
 * @param durationNanos nanoseconds from the check's start to this event; 0 on {@link GuardrailsListener#railStarted}
 * @param verdict the verdict on {@link GuardrailsListener#railEnded} and {@link GuardrailsListener#railFailed},
 *     else null
 * @param blocked whether the verdict blocks under the policy (false without a verdict)
 */
public record RailEvent(
        String rail,
        RailDirection direction,
        String model,
        FailurePolicy policy,
        long startNanos,
        long durationNanos,
        Verdict verdict,
        boolean blocked) {
    /**
     * Checks for nulls.
     *
     * @param rail the rail's name
     * @param direction input or output
     * @param model the served model id the rail asks, or null for rails that ask none
     * @param policy the rail's failure policy
     * @param startNanos {@link System#nanoTime()} when the check started (the same for every rail of a check)
     * @param durationNanos nanoseconds from the check's start to this event; 0 on {@link GuardrailsListener#railStarted}
     * @param verdict the verdict on {@link GuardrailsListener#railEnded} and {@link GuardrailsListener#railFailed}, else null
     * @param blocked whether the verdict blocks under the policy (false without a verdict)
     * @throws NullPointerException when rail, direction or policy is null
     */
    public RailEvent {
        Objects.requireNonNull(rail, "rail");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(policy, "policy");
    }
}
