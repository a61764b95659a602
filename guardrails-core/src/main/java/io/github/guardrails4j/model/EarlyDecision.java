package io.github.guardrails4j.model;

import io.github.guardrails4j.verdict.Outcome;

/**
 * Decides a verdict from a streamed answer before it is complete. A rail with early decision on calls it with the
 * text received so far after every delta; the first non-null outcome is delivered at once, while the rest of the
 * stream is still read (for the complete verdict, usage and cached tokens).
 *
 * <p>An early outcome must be one the complete answer cannot contradict in a way that lets unsafe text through:
 * decide {@link Outcome#UNSAFE} when whatever follows can only keep the answer unsafe or make it unreadable (both
 * block a fail-closed rail); never decide {@link Outcome#SAFE} before the answer is complete (the stream's end
 * decides it, so streamed and unstreamed reading reach the same outcome for the same text). Implementations are
 * stateless and thread safe (a rail serves many streams at once; each call sees one stream's text).
 */
@FunctionalInterface
public interface EarlyDecision {
    /**
     * Sets partialText.
     *
     * @param partialText the answer's text received so far
     * @return the decided outcome, or null to wait for more text
     */
    Outcome decide(CharSequence partialText);
}
