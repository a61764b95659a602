package io.github.guardrails4j;

import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.Objects;

/**
 * A configured rail with its failure policy. Immutable and thread safe.
 *
 * @param rail the rail
 * @param policy what an error verdict means
 */
record RailBinding(Rail rail, FailurePolicy policy) {
    /** Checks for nulls. */
    public RailBinding {
        Objects.requireNonNull(rail, "rail");
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * Sets verdict.
     *
     * @param verdict a verdict of this rail
     * @return true when it is unsafe, or an error under {@link FailurePolicy#FAIL_CLOSED}
     */
    public boolean blocks(Verdict verdict) {
        return verdict.outcome() == Outcome.UNSAFE
                || (verdict.outcome() == Outcome.ERROR && policy == FailurePolicy.FAIL_CLOSED);
    }
}
